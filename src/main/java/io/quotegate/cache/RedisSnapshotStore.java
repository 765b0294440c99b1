package io.quotegate.cache;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quotegate.cluster.RedisLink;
import io.quotegate.model.Snapshot;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * same bytes, same ETag) and reports it to {@link #onArrival} listeners (the SSE broadcaster).
 *
 * <p>On every connection to Redis (the first and each return) the replica loads what Redis holds and
 * writes back what it refreshed alone meanwhile. When Redis is away, puts stay local and reads go on.
 */
public final class RedisSnapshotStore implements SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(RedisSnapshotStore.class);
    private static final String WRITE = """
            local v = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
            if tonumber(ARGV[1]) <= v then return v end
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'j', ARGV[2])
            redis.call('PUBLISH', KEYS[2], ARGV[3])
            return 0
            """;

    private final CaffeineSnapshotStore local;
    private final RedisLink redis;
    private final Map<String, Duration> ttl;
    private final Clock clock;
    private final JsonMapper json;
    private final JsonMapper reader;
    private final Collection<String> feeds;
    private final List<Consumer<CachedSnapshot>> listeners = new CopyOnWriteArrayList<>();
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
                    return local.adopt(s, bytes, ttlOf(s.feed()));
                }
                // Another replica stored a version at least as high: take the next one.
                s = new Snapshot(s.feed(), stored + 1, s.asOf(), s.nextRefreshAt(), s.stale(), s.source(), s.data());
            } catch (Exception e) {
                if (!(e instanceof tools.jackson.core.JacksonException)) {
                    redis.markDown(e);
                }
                log.warn(
                        "Snapshot {} v{} kept on this replica only (Redis: {}); it is shared when Redis is back",
                        s.feed(),
                        s.version(),
                        e.getMessage());
                unshared.put(s.feed(), true);
                return local.adopt(s, bytes, ttlOf(s.feed()));
            }
        }
        throw new IllegalStateException(
                "could not store a new version of " + snapshot.feed() + ": versions keep moving");
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
                        new String[] {key(s.feed()), channel()},
                        utf8(Long.toString(s.version())),
                        bytes,
                        utf8(s.feed() + ":" + s.version()))
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
                    adopt(h.get("j"));
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
        int colon = message.lastIndexOf(':');
        String feed = message.substring(0, colon);
        long version = Long.parseLong(message.substring(colon + 1));
        if (!ttl.containsKey(feed)
                || local.latest(feed).map(s -> s.version() >= version).orElse(false)) {
            return; // ours, or already here
        }
        StatefulRedisConnection<String, byte[]> c = redis.bytes();
        if (c == null) {
            return;
        }
        c.async()
                .hget(key(feed), "j")
                .thenAcceptAsync(bytes -> {
                    if (bytes != null) {
                        adopt(bytes);
                    }
                })
                .exceptionally(e -> {
                    log.warn("Snapshot {} v{} announced but not loaded: {}", feed, version, e.toString());
                    return null;
                });
    }

    private synchronized void adopt(byte[] bytes) {
        Snapshot s = reader.readValue(bytes, Snapshot.class);
        if (local.latest(s.feed()).map(x -> x.version() >= s.version()).orElse(false)) {
            return;
        }
        Duration left = ttlOf(s.feed()).minus(Duration.between(s.asOf(), clock.instant()));
        CachedSnapshot cached = local.adopt(s, bytes, left);
        listeners.forEach(l -> {
            try {
                l.accept(cached);
            } catch (RuntimeException e) {
                log.warn("A snapshot listener failed: {}", e.toString());
            }
        });
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
    public void onArrival(Consumer<CachedSnapshot> listener) {
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
