package io.quotegate.budget;

import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;

/**
 * A request to spend credits with a provider on behalf of a feed.
 *
 * @param credits what the call will cost under the provider's cost model
 * @param purpose why it is spent, for /trace and the decision log
 */
public record Spend(String provider, String feed, Priority priority, int credits, Purpose purpose) {}
