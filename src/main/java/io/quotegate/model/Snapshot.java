package io.quotegate.model;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The versioned set of quotes of one feed. Field order is the JSON order of the HTTP contract.
 *
 * @param version       grows by one per refresh, never reused while the process lives
 * @param asOf          when this version was assembled
 * @param nextRefreshAt when the next slot's refresh should land
 * @param stale         true when any quote is stale, or the snapshot outlived its TTL
 * @param source        the provider that served most quotes; {@code fallback} when none did
 */
public record Snapshot(String feed, long version, Instant asOf, Instant nextRefreshAt, boolean stale,
                       String source, List<Quote> data) {

    public Snapshot {
        data = List.copyOf(data);
    }

    /** The same version, every quote marked stale: what a read returns after the TTL. */
    public Snapshot asStale() {
        return new Snapshot(feed, version, asOf, nextRefreshAt, true, source,
                data.stream().map(Quote::asStale).toList());
    }

    /** The same version narrowed to the given symbols, in feed order. */
    public Snapshot only(Set<String> symbols) {
        return new Snapshot(feed, version, asOf, nextRefreshAt, stale, source,
                data.stream().filter(q -> symbols.contains(q.symbol())).toList());
    }
}
