package io.quotegate.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client reads of each feed's snapshot by result, counted by the store that serves them. Each count
 * is kept here, where /trace reads it, and in {@code quotegate_cache_reads_total{feed,result}}.
 */
public final class CacheReads {

    /** What a read found. */
    enum Result {
        /** A fresh snapshot. */
        HIT,
        /** The last snapshot, after its TTL, marked stale. */
        STALE,
        /** No snapshot yet. */
        MISS
    }

    /** One feed's reads so far. */
    public record Counts(long hit, long stale, long miss) {

        public static final Counts NONE = new Counts(0, 0, 0);

        public long total() {
            return hit + stale + miss;
        }

        /** Fresh reads as a share of all reads; 0 before the first read. */
        public double hitRate() {
            long total = total();
            return total == 0 ? 0.0 : (double) hit / total;
        }
    }

    private final MeterRegistry meters;
    private final Map<String, PerFeed> byFeed = new ConcurrentHashMap<>();

    public CacheReads(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(String feed, Result result) {
        byFeed.computeIfAbsent(feed, PerFeed::new).count(result);
    }

    public Counts of(String feed) {
        PerFeed f = byFeed.get(feed);
        return f == null ? Counts.NONE : f.counts();
    }

    /** Registers the feed's three counters at zero, so a read is a lookup and an increment, and every series exists from the start. */
    void register(String feed) {
        byFeed.computeIfAbsent(feed, PerFeed::new);
    }

    private final class PerFeed {
        private final Map<Result, Counter> counters = new EnumMap<>(Result.class);

        PerFeed(String feed) {
            for (Result r : Result.values()) {
                counters.put(
                        r,
                        Counter.builder("quotegate.cache.reads")
                                .description(
                                        "Snapshot reads by result: hit (fresh), stale (after TTL), miss (no snapshot yet)")
                                .tag("feed", feed)
                                .tag("result", r.name().toLowerCase(Locale.ROOT))
                                .register(meters));
            }
        }

        void count(Result result) {
            java.util.Objects.requireNonNull(counters.get(result)).increment();
        }

        Counts counts() {
            return new Counts(n(Result.HIT), n(Result.STALE), n(Result.MISS));
        }

        private long n(Result result) {
            return (long) java.util.Objects.requireNonNull(counters.get(result)).count();
        }
    }
}
