package io.quotegate.feed;

import io.quotegate.model.Priority;
import java.time.Duration;
import java.util.List;

/**
 * A named list of symbols served together, refreshed on clock-aligned slots through an ordered
 * chain of providers.
 *
 * @param name     fx, indices, crypto, commodities or stocks (any lowercase name works)
 * @param symbols  feed symbols in display order, e.g. {@code EUR/USD}
 * @param slots    minutes of the hour (or seconds of the minute in compressed mode) at which it refreshes
 * @param ttl      how long a snapshot counts as fresh (already divided by the time scale)
 * @param chain    provider names, in order; later ones fill what earlier ones could not
 * @param priority how the feed fares when a shared budget runs low (its share of each budget is the
 *                 ledger's business: see budget.Shares)
 */
public record Feed(
        String name, List<String> symbols, List<Integer> slots, Duration ttl, List<String> chain, Priority priority) {

    public Feed {
        symbols = List.copyOf(symbols);
        slots = slots.stream().sorted().distinct().toList();
        chain = List.copyOf(chain);
    }
}
