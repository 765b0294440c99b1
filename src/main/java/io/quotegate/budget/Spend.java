package io.quotegate.budget;

import io.quotegate.model.Priority;

/**
 * A request to spend credits with a provider on behalf of a feed.
 *
 * @param credits what the call will cost under the provider's cost model
 * @param purpose why it is spent (slot, warm-up, retry, bisect), for /trace
 */
public record Spend(String provider, String feed, Priority priority, int credits, String purpose) {}
