package io.quotegate.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The versioned set of quotes of one feed. Field order is the JSON order of the HTTP contract.
 *
 * <p>A version exists only when some quote or flag changed: a refresh that brings nothing new keeps the
 * version (and its ETag), so nothing that changes every slot regardless (the next refresh time) belongs
 * here; reads carry that in headers.
 *
 * @param version       grows by one per new version, never reused while the process lives
 * @param asOf          when this version was assembled
 * @param stale         true when any quote is stale
 * @param marketOpen    true while any symbol's market is open
 * @param nextOpen      when every market is closed: when the first opens again; absent otherwise
 * @param source        the provider that served most quotes; {@code fallback} when none did
 */
public record Snapshot(
        String feed,
        long version,
        Instant asOf,
        boolean stale,
        boolean marketOpen,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Instant nextOpen,
        String source,
        List<Quote> data) {

    public Snapshot {
        data = List.copyOf(data);
    }

    /** A snapshot of open markets. */
    public Snapshot(String feed, long version, Instant asOf, boolean stale, String source, List<Quote> data) {
        this(feed, version, asOf, stale, true, null, source, data);
    }

    /** The same snapshot under another version number (a replica that lost the race for one takes the next). */
    public Snapshot withVersion(long newVersion) {
        return new Snapshot(feed, newVersion, asOf, stale, marketOpen, nextOpen, source, data);
    }

    /**
     * What a read returns after the TTL: every quote of an open market marked stale. The last price of a
     * closed market stays fresh ({@code stale} means "we should have newer data and do not").
     */
    public Snapshot asStale() {
        List<Quote> marked = data.stream().map(Quote::asStaleUnlessClosed).toList();
        boolean anyStale = marked.isEmpty() || marked.stream().anyMatch(Quote::stale);
        return new Snapshot(feed, version, asOf, anyStale, marketOpen, nextOpen, source, marked);
    }

    /** The same version narrowed to the given symbols, in feed order. */
    public Snapshot only(Set<String> symbols) {
        return new Snapshot(
                feed,
                version,
                asOf,
                stale,
                marketOpen,
                nextOpen,
                source,
                data.stream().filter(q -> symbols.contains(q.symbol())).toList());
    }

    /** The same snapshot with every quote {@code stale} accepts marked stale (itself when none changes). */
    public Snapshot staleWhere(Predicate<Quote> stale) {
        List<Quote> marked = data.stream()
                .map(q -> !q.stale() && stale.test(q) ? q.asStale() : q)
                .toList();
        return marked.equals(data) ? this : withData(marked, marketOpen, nextOpen);
    }

    /** Whether the two say the same to a reader, apart from their version and when they were assembled. */
    public boolean sameContentAs(Snapshot other) {
        return data.equals(other.data)
                && stale == other.stale
                && marketOpen == other.marketOpen
                && Objects.equals(nextOpen, other.nextOpen)
                && source.equals(other.source);
    }

    public Snapshot withData(List<Quote> quotes, boolean open, @Nullable Instant next) {
        return new Snapshot(
                feed, version, asOf, quotes.stream().anyMatch(Quote::stale), open, open ? null : next, source, quotes);
    }
}
