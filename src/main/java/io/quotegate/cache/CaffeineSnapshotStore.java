package io.quotegate.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.model.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * Caffeine holds each feed's fresh entry for its TTL; beside it, the last entry of every feed is kept
 * without expiry so that a read after the TTL returns it marked stale. Both the fresh and the stale
 * JSON of a version are serialised once (the stale one on first stale read) and shared by all readers.
 * Time comes from the injected clock (as Caffeine's ticker), so tests move it by hand.
 */
public final class CaffeineSnapshotStore implements SnapshotStore {

    private final Cache<String, Entry> fresh;
    private final Map<String, Entry> last = new ConcurrentHashMap<>();
    private final JsonMapper json;
    private final CacheReads reads;

    public CaffeineSnapshotStore(Map<String, Duration> ttlByFeed, Clock clock, JsonMapper json, MeterRegistry meters) {
        this(ttlByFeed, clock, json, new CacheReads(meters));
    }

    /** Counts client reads in {@code reads}. */
    public CaffeineSnapshotStore(Map<String, Duration> ttlByFeed, Clock clock, JsonMapper json, CacheReads reads) {
        this.json = json;
        this.reads = reads;
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.fresh = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .expireAfter(new FreshFor(ttlByFeed))
                .build();
        // Registered up front: a read is then one map lookup and an increment, no meter lookup.
        ttlByFeed.keySet().forEach(reads::register);
    }

    @Override
    public CachedSnapshot put(Snapshot snapshot) {
        Entry entry =
                new Entry(new CachedSnapshot(snapshot, json.writeValueAsBytes(snapshot), json::writeValueAsBytes));
        fresh.put(snapshot.feed(), entry);
        last.put(snapshot.feed(), entry);
        return entry.fresh;
    }

    /**
     * Stores a version written elsewhere (by another replica) with exactly its JSON bytes, fresh for
     * {@code freshFor} (what is left of its TTL there). The local hook of the shared store.
     */
    public CachedSnapshot adopt(Snapshot snapshot, byte[] bytes, Duration freshFor) {
        Entry entry = new Entry(new CachedSnapshot(snapshot, bytes), freshFor);
        if (freshFor.isNegative() || freshFor.isZero()) {
            fresh.invalidate(snapshot.feed());
        } else {
            fresh.put(snapshot.feed(), entry);
        }
        last.put(snapshot.feed(), entry);
        return entry.fresh;
    }

    @Override
    public Optional<CachedSnapshot> read(String feed) {
        return lookup(feed, true);
    }

    @Override
    public Optional<CachedSnapshot> peek(String feed) {
        return lookup(feed, false);
    }

    private Optional<CachedSnapshot> lookup(String feed, boolean countRead) {
        Entry hit = fresh.getIfPresent(feed);
        Entry old = hit == null ? last.get(feed) : null;
        if (countRead) {
            reads.count(
                    feed,
                    hit != null
                            ? CacheReads.Result.HIT
                            : old != null ? CacheReads.Result.STALE : CacheReads.Result.MISS);
        }
        return hit != null ? Optional.of(hit.fresh) : old != null ? Optional.of(old.stale(json)) : Optional.empty();
    }

    @Override
    public Optional<Snapshot> latest(String feed) {
        Entry e = last.get(feed);
        return e == null ? Optional.empty() : Optional.of(e.fresh.snapshot());
    }

    /** The client reads this store has counted. */
    public CacheReads reads() {
        return reads;
    }

    /** Every new version is fresh for its feed's full TTL from the moment it is stored; reads do not extend it. */
    private record FreshFor(Map<String, Duration> ttlByFeed) implements Expiry<String, Entry> {
        @Override
        public long expireAfterCreate(String feed, Entry entry, long now) {
            return entry.freshFor != null
                    ? entry.freshFor.toNanos()
                    : ttlByFeed.getOrDefault(feed, Duration.ofMinutes(30)).toNanos();
        }

        @Override
        public long expireAfterUpdate(String feed, Entry entry, long now, long remaining) {
            return expireAfterCreate(feed, entry, now);
        }

        @Override
        public long expireAfterRead(String feed, Entry entry, long now, long remaining) {
            return remaining;
        }
    }

    private static final class Entry {
        final CachedSnapshot fresh;
        final @Nullable Duration freshFor;
        private volatile @Nullable CachedSnapshot stale;

        Entry(CachedSnapshot fresh) {
            this(fresh, null);
        }

        Entry(CachedSnapshot fresh, @Nullable Duration freshFor) {
            this.fresh = fresh;
            this.freshFor = freshFor;
        }

        CachedSnapshot stale(JsonMapper json) {
            CachedSnapshot s = stale;
            if (s == null) {
                Snapshot marked = fresh.snapshot().asStale();
                stale = s = new CachedSnapshot(marked, json.writeValueAsBytes(marked), json::writeValueAsBytes);
            }
            return s;
        }
    }
}
