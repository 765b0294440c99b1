package io.quotegate.cache;

import io.quotegate.model.Quote;
import java.time.Instant;

/**
 * When a quote of a feed stops being current by its own date, whatever the feed's TTL says. The feed
 * package decides ({@code feed.Freshness}); a store only applies it, so every replica marks the same
 * quotes stale at the same moment from the same data.
 */
@FunctionalInterface
public interface StaleRule {

    /** Quotes never age: only the TTL and the refresh's own verdicts mark them stale. */
    StaleRule NONE = (feed, quote) -> Instant.MAX;

    /**
     * The real instant from which {@code quote} is stale by its own date: {@link Instant#MAX} when never,
     * at or before its {@code asOf} when it never counted as current.
     */
    Instant staleAt(String feed, Quote quote);
}
