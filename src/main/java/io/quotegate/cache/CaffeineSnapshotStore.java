package io.quotegate.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.model.Snapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Caffeine holds each feed's current version while it reads exactly as it was stored: until its TTL
 * (counted from the last refresh that confirmed it) or until its first quote turns stale by its own date
 * ({@link StaleRule}), whichever comes first. Beside it the last version of every feed is kept without
 * expiry, and a read after that returns it as it must then read ({@link StoredVersion}): quotes past their
 * own age marked stale, and past the TTL every quote of an open market. Each such reading is serialised
 * once and shared by all readers. Time comes from the injected clock (as Caffeine's ticker), so tests move
 * it by hand.
 */
public final class CaffeineSnapshotStore implements SnapshotStore {

    private final Cache<String, StoredVersion> fresh;
    private final Map<String, StoredVersion> last = new ConcurrentHashMap<>();
    private final Map<String, Duration> ttlByFeed;
    private final Clock clock;
    private final JsonMapper json;
    private final CacheReads reads;
    private final StaleRule rule;
    private final VersionListeners listeners = new VersionListeners();

    public CaffeineSnapshotStore(Map<String, Duration> ttlByFeed, Clock clock, JsonMapper json, MeterRegistry meters) {
        this(ttlByFeed, clock, json, new CacheReads(meters), StaleRule.NONE);
    }

    /** Counts client reads in {@code reads}; quotes turn stale by their own date as {@code rule} says. */
    public CaffeineSnapshotStore(
            Map<String, Duration> ttlByFeed, Clock clock, JsonMapper json, CacheReads reads, StaleRule rule) {
        this.ttlByFeed = Map.copyOf(ttlByFeed);
        this.clock = clock;
        this.json = json;
        this.reads = reads;
        this.rule = rule;
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.fresh = Caffeine.newBuilder()
                .ticker(ticker)
                .executor(Runnable::run)
                .expireAfter(new AsStored(clock))
                .build();
        // Registered up front: a read is then one map lookup and an increment, no meter lookup.
        ttlByFeed.keySet().forEach(reads::register);
    }

    @Override
    public CachedSnapshot put(Snapshot snapshot) {
        CachedSnapshot stored = keep(snapshot, json.writeValueAsBytes(snapshot), ttlOf(snapshot.feed()));
        listeners.announce(stored);
        return stored;
    }

    /**
     * Stores a version written elsewhere (by another replica) with exactly its JSON bytes, fresh for
     * {@code freshFor} (what is left of its TTL there). The local hook of the shared store: not announced
     * here, the shared store announces it.
     */
    public CachedSnapshot adopt(Snapshot snapshot, byte[] bytes, Duration freshFor) {
        return keep(snapshot, bytes, freshFor);
    }

    private CachedSnapshot keep(Snapshot snapshot, byte[] bytes, Duration freshFor) {
        StoredVersion v = new StoredVersion(
                new CachedSnapshot(snapshot, bytes, json::writeValueAsBytes),
                clock.instant().plus(freshFor),
                rule,
                json);
        last.put(snapshot.feed(), v);
        fresh.put(snapshot.feed(), v);
        return v.stored();
    }

    @Override
    public boolean touch(String feed, long version) {
        StoredVersion v = last.get(feed);
        if (v == null || v.stored().version() != version) {
            return false;
        }
        StoredVersion renewed = v.confirmedUntil(clock.instant().plus(ttlOf(feed)));
        last.put(feed, renewed);
        fresh.put(feed, renewed);
        return true;
    }

    /** The local hook of the shared store: another replica confirmed this version, with {@code freshFor} left. */
    public void touched(String feed, long version, Duration freshFor) {
        StoredVersion v = last.get(feed);
        if (v != null && v.stored().version() == version) {
            StoredVersion renewed = v.confirmedUntil(clock.instant().plus(freshFor));
            last.put(feed, renewed);
            fresh.put(feed, renewed);
        }
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
        StoredVersion hit = fresh.getIfPresent(feed);
        if (hit != null) {
            if (countRead) {
                reads.count(feed, CacheReads.Result.HIT);
            }
            return Optional.of(hit.stored());
        }
        StoredVersion old = last.get(feed);
        if (old == null) {
            if (countRead) {
                reads.count(feed, CacheReads.Result.MISS);
            }
            return Optional.empty();
        }
        CachedSnapshot now = old.at(clock.instant());
        if (countRead) {
            reads.count(feed, now.stale() ? CacheReads.Result.STALE : CacheReads.Result.HIT);
        }
        return Optional.of(now);
    }

    @Override
    public Optional<Snapshot> latest(String feed) {
        StoredVersion v = last.get(feed);
        return v == null ? Optional.empty() : Optional.of(v.stored().snapshot());
    }

    @Override
    public void onVersion(Consumer<CachedSnapshot> listener) {
        listeners.add(listener);
    }

    /** The client reads this store has counted. */
    public CacheReads reads() {
        return reads;
    }

    Duration ttlOf(String feed) {
        return ttlByFeed.getOrDefault(feed, Duration.ofMinutes(30));
    }

    /** A version stays in {@link #fresh} until it would read otherwise than it was stored. */
    private record AsStored(Clock clock) implements Expiry<String, StoredVersion> {
        private static final Duration LONGEST = Duration.ofDays(365);

        @Override
        public long expireAfterCreate(String feed, StoredVersion v, long now) {
            Instant current = clock.instant();
            Instant at = v.changesAt();
            if (!at.isAfter(current)) {
                return 0;
            }
            Duration left = Duration.between(current, at);
            return left.compareTo(LONGEST) > 0 ? LONGEST.toNanos() : left.toNanos();
        }

        @Override
        public long expireAfterUpdate(String feed, StoredVersion v, long now, long remaining) {
            return expireAfterCreate(feed, v, now);
        }

        @Override
        public long expireAfterRead(String feed, StoredVersion v, long now, long remaining) {
            return remaining;
        }
    }
}
