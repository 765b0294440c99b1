package io.quotegate.cluster;

import io.lettuce.core.Range;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each replica says it is alive in one Redis sorted set ({@code <prefix>:alive}, score = last beat) and
 * counts the replicas whose last beat is younger than three beats. That count, as last seen before
 * Redis went away, is the N of the safety share: while Redis is unreachable a replica may spend at
 * most 1/N of what was left. The beat is also how a replica notices that Redis is back. The same
 * thread probes the database, when there is one.
 */
public final class Heartbeat implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final RedisLink redis;
    private final @Nullable Database database;
    private final Clock clock;
    private final Duration every;
    private final String instance;
    private final ScheduledExecutorService beats;
    private volatile int replicas = 1;

    public Heartbeat(RedisLink redis, @Nullable Database database, Clock clock, Duration every, String instance) {
        this.redis = redis;
        this.database = database;
        this.clock = clock;
        this.every = every;
        this.instance = instance;
        this.beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    public static String newInstanceId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    public Heartbeat start() {
        beats.scheduleWithFixedDelay(this::beat, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One beat; public for tests that drive it by hand. */
    public void beat() {
        if (database != null) {
            database.probe();
        }
        StatefulRedisConnection<String, String> c = redis.text();
        if (c == null) {
            return;
        }
        try {
            RedisCommands<String, String> r = c.sync();
            long now = clock.millis();
            String key = redis.key("alive");
            r.zadd(key, now, instance);
            r.zremrangebyscore(key, Range.create(Double.NEGATIVE_INFINITY, (double) (now - 3 * every.toMillis())));
            r.pexpire(key, 10 * every.toMillis());
            long n = r.zcard(key);
            if (n != replicas) {
                log.info("Replicas alive in the cluster: {} (this one is {})", n, instance);
            }
            replicas = (int) Math.max(1, n);
            redis.markUp();
        } catch (RuntimeException e) {
            redis.failed(e);
        }
    }

    /** The replicas seen alive at the last successful beat (at least 1: this one). */
    public int replicas() {
        return replicas;
    }

    public String instance() {
        return instance;
    }

    @Override
    public void close() {
        beats.shutdownNow();
        StatefulRedisConnection<String, String> c = redis.text();
        if (c != null && redis.up()) {
            try {
                c.sync().zrem(redis.key("alive"), instance);
            } catch (RuntimeException e) {
                log.debug("could not say goodbye: {}", e.toString());
            }
        }
    }
}
