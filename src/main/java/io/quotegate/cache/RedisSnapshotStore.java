package io.quotegate.cache;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quotegate.cluster.RedisLink;
import io.quotegate.logging.Outage;
import io.quotegate.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The snapshots of several replicas. Reads are served from the local {@link CaffeineSnapshotStore} and
 * never touch Redis. The replica that refreshes a feed writes the new version (its JSON bytes) to the
 * hash {@code <prefix>:snapshot:<feed>} and publishes {@code feed:version} on {@code <prefix>:snapshots},
 * both in one script that only accepts a version above the stored one, so versions are monotonic over
 * the cluster; every other replica fetches the bytes and swaps them into its local copy (same version,
 * same bytes, same ETag). Every new version, written here or arriving, goes to the {@link #onVersion}
 * listeners (the SSE broadcaster). A refresh that changed nothing confirms the stored version instead
 * ({@link #touch}): the hash keeps when ({@code c}), and {@code feed:version:confirmed} restarts the TTL
 * of that version on every replica.
 *
 * <p>On every connection to Redis (the first and each return) the replica loads what Redis holds and
 * writes back what it refreshed alone meanwhile. When Redis is away, puts stay local and reads go on.
 */
public final class RedisSnapshotStore implements SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(RedisSnapshotStore.class);
    /** Snapshots kept on this replica only while Redis is away: one WARN for the outage, not one per snapshot. */
    private final Outage unsharedLog = new Outage(log);
    /**
     * Stores a version above the stored one and announces it. The channel is an argument, not a key: a script
     * names only keys of one hash slot, so it runs unchanged on a Redis Cluster.
     */
    private static final String WRITE = """
            local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
            if tonumber(ARGV[1]) <= v then return v end
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'j', ARGV[2])
            redis.call('PUBLISH', ARGV[4], ARGV[3])
            return 0
            """;
    /** A confirmation of the stored version (no new one): when it was confirmed, then a word to the others. */
    private static final String TOUCH = """
            if redis.call('HGET', KEYS[1], 'v') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'c', ARGV[2])
            redis.call('PUBLISH', ARGV[4], ARGV[3])
            return 1
            """;
    /** The suffix of a channel message that confirms a version instead of announcing one. */
    private static final String CONFIRMED = ":confirmed";

    private final CaffeineSnapshotStore local;
    private final RedisLink redis;
    private final Map<String, Duration> ttl;
    private final Clock clock;
    private final JsonMapper json;
    private final JsonMapper reader;
    private final Collection<String> feeds;
    private final VersionListeners listeners = new VersionListeners();
    private final Map<String, Boolean> unshared = new ConcurrentHashMap<>();
    private volatile boolean synced;

    public RedisSnapshotStore(
            CaffeineSnapshotStore local, RedisLink redis, Map<String, Duration> ttl, Clock clock, JsonMapper json) {
        this.local = local;
        this.redis = redis;
        this.ttl = Map.copyOf(ttl);
        this.clock = clock;
        this.json = json;
        // A snapshot's JSON leaves out default values (a quote's "reference": false); reading it back fills them in.
        this.reader = json.rebuild()
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        this.feeds = List.copyOf(ttl.keySet());
        redis.subscribe(channel(), (c, message) -> arrived(message));
        redis.onUp(this::sync);
    }

    @Override
    public CachedSnapshot put(Snapshot snapshot) {
        Snapshot s = snapshot;
        for (int attempt = 0; attempt < 5; attempt++) {
            byte[] bytes = json.writeValueAsBytes(s);
            try {
                long stored = write(s, bytes);
                if (stored == 0) {
                    unshared.remove(s.feed());
                    unsharedLog.over("Snapshots are shared in Redis again");
                    return announced(local.adopt(s, bytes, ttlOf(s.feed())));
                }
                // Another replica stored a version at least as high: take the next one.
                s = s.withVersion(stored + 1);
            } catch (Exception e) {
                if (!(e instanceof tools.jackson.core.JacksonException)) {
                    redis.markDown(e);
                }
                unsharedLog.failed(
                        "Snapshot {} v{} kept on this replica only (Redis: {}); it is shared when Redis is back",
                        s.feed(),
                        s.version(),
                        e.getMessage());
                unshared.put(s.feed(), true);
                return announced(local.adopt(s, bytes, ttlOf(s.feed())));
            }
        }
        throw new IllegalStateException(
                "could not store a new version of " + snapshot.feed() + ": versions keep moving");
    }

    private CachedSnapshot announced(CachedSnapshot version) {
        listeners.announce(version);
        return version;
    }

    @Override
    public boolean touch(String feed, long version) {
        if (!local.touch(feed, version)) {
            return false;
        }
        StatefulRedisConnection<String, byte[]> c = redis.bytes();
        if (c != null) {
            // Best effort: a replica that misses it reads the version stale at its TTL, as before.
            c.async()
                    .<Long>eval(
                            TOUCH,
                            ScriptOutputType.INTEGER,
                            new String[] {key(feed)},
                            utf8(Long.toString(version)),
                            utf8(Long.toString(clock.millis())),
                            utf8(feed + ":" + version + CONFIRMED),
                            utf8(channel()))
                    .exceptionally(e -> {
                        log.debug("Confirmation of {} v{} not shared: {}", feed, version, e.toString());
                        return 0L;
                    });
        }
        return true;
    }

    private long write(Snapshot s, byte[] bytes) throws Exception {
        StatefulRedisConnection<String, byte[]> c = redis.bytes();
        if (c == null) {
            throw new IllegalStateException("Redis not connected");
        }
        Long stored = c.async()
                .<Long>eval(
                        WRITE,
                        ScriptOutputType.INTEGER,
                        new String[] {key(s.feed())},
                        utf8(Long.toString(s.version())),
                        bytes,
                        utf8(s.feed() + ":" + s.version()),
                        utf8(channel()))
                .get(2, TimeUnit.SECONDS);
        return stored == null ? 0 : stored;
    }

    /** Loads every feed Redis holds in a higher version than here, and shares what was refreshed here alone. */
    private void sync() {
        StatefulRedisConnection<String, byte[]> c = redis.bytes();
        if (c == null) {
            return;
        }
        try {
            for (String feed : feeds) {
                Map<String, byte[]> h = c.async().hgetall(key(feed)).get(2, TimeUnit.SECONDS);
                long remote = h.containsKey("v") ? Long.parseLong(new String(h.get("v"), StandardCharsets.UTF_8)) : 0;
                long here = local.latest(feed).map(Snapshot::version).orElse(0L);
                if (remote > here && h.containsKey("j")) {
                    adopt(h.get("j"), confirmedAt(h));
                } else if (here > remote && unshared.containsKey(feed)) {
                    Snapshot mine = local.latest(feed).orElseThrow();
                    if (write(
                                    mine,
                                    local.peek(feed)
                                            .map(x -> x.snapshot().stale() ? json.writeValueAsBytes(mine) : x.json())
                                            .orElse(json.writeValueAsBytes(mine)))
                            == 0) {
                        unshared.remove(feed);
                    }
                }
            }
            if (!synced) {
                log.info(
                        "Snapshots loaded from Redis: {}",
                        feeds.stream().filter(f -> local.latest(f).isPresent()).toList());
            }
            synced = true;
        } catch (RedisException | java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            redis.markDown(e);
            log.warn("Could not load snapshots from Redis: {}", e.getMessage());
        } catch (Exception e) {
            log.error("Could not load snapshots from Redis", e);
        }
    }

    private void arrived(String message) {
        boolean confirmation = message.endsWith(CONFIRMED);
        String announced = confirmation ? message.substring(0, message.length() - CONFIRMED.length()) : message;
        int colon = announced.lastIndexOf(':');
        String feed = announced.substring(0, colon);
        long version = Long.parseLong(announced.substring(colon + 1));
        if (confirmation) {
            if (ttl.containsKey(feed)) {
                local.touched(feed, version, ttlOf(feed));
            }
            return;
        }
        if (!ttl.containsKey(feed)
                || local.latest(feed).map(s -> s.version() >= version).orElse(false)) {
            return; // ours, or already here
        }
        StatefulRedisConnection<String, byte[]> c = redis.bytes();
        if (c == null) {
            return;
        }
        c.async()
                .hgetall(key(feed))
                .thenAcceptAsync(h -> {
                    if (h != null && h.containsKey("j")) {
                        adopt(h.get("j"), confirmedAt(h));
                    }
                })
                .exceptionally(e -> {
                    log.warn("Snapshot {} v{} announced but not loaded: {}", feed, version, e.toString());
                    return null;
                });
    }

    /** When a refresh last confirmed the stored version (epoch ms), or 0 when none has since it was written. */
    private static long confirmedAt(Map<String, byte[]> hash) {
        byte[] c = hash.get("c");
        try {
            return c == null ? 0 : Long.parseLong(new String(c, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private synchronized void adopt(byte[] bytes, long confirmedMillis) {
        Snapshot s = reader.readValue(bytes, Snapshot.class);
        if (local.latest(s.feed()).map(x -> x.version() >= s.version()).orElse(false)) {
            return;
        }
        Instant since = confirmedMillis > s.asOf().toEpochMilli() ? Instant.ofEpochMilli(confirmedMillis) : s.asOf();
        Duration left = ttlOf(s.feed()).minus(Duration.between(since, clock.instant()));
        announced(local.adopt(s, bytes, left));
    }

    private Duration ttlOf(String feed) {
        return ttl.getOrDefault(feed, Duration.ofMinutes(30));
    }

    @Override
    public Optional<CachedSnapshot> read(String feed) {
        return local.read(feed);
    }

    @Override
    public Optional<CachedSnapshot> peek(String feed) {
        return local.peek(feed);
    }

    @Override
    public Optional<Snapshot> latest(String feed) {
        return local.latest(feed);
    }

    @Override
    public void onVersion(Consumer<CachedSnapshot> listener) {
        listeners.add(listener);
    }

    @Override
    public boolean synced() {
        return synced;
    }

    private String key(String feed) {
        return redis.key("snapshot:" + feed);
    }

    private String channel() {
        return redis.key("snapshots");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
