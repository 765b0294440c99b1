package io.quotegate.cluster;

import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lock with a lease in Redis ({@code SET key owner NX PX lease}): held by one replica until it
 * releases it or the lease runs out (the holder died). Without Redis nobody gets it.
 */
public final class ClusterLock {

    private static final Logger log = LoggerFactory.getLogger(ClusterLock.class);
    private static final String RELEASE =
            "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private final RedisLink redis;
    private final String owner;

    private final java.util.function.BooleanSupplier ready;

    public ClusterLock(RedisLink redis, String owner) {
        this(redis, owner, redis::up);
    }

    /**
     * @param ready whether the cluster's shared services all answer: nothing is warmed up (nothing spent) before
     */
    public ClusterLock(RedisLink redis, String owner, java.util.function.BooleanSupplier ready) {
        this.redis = redis;
        this.owner = owner;
        this.ready = ready;
    }

    /** True when Redis and the database answer, so the cluster can act as one. */
    public boolean ready() {
        return ready.getAsBoolean();
    }

    public boolean tryAcquire(String name, Duration lease) {
        StatefulRedisConnection<String, String> c = redis.text();
        if (c == null) {
            return false;
        }
        String key = redis.key("lock:" + name);
        try {
            String ok = c.async()
                    .set(key, owner, SetArgs.Builder.nx().px(lease.toMillis()))
                    .get(5, TimeUnit.SECONDS);
            return "OK".equals(ok);
        } catch (Exception e) {
            // The answer may be lost while the SET went through: then the lock is ours.
            try {
                boolean ours = owner.equals(c.async().get(key).get(5, TimeUnit.SECONDS));
                log.warn(
                        "Lock {}: no answer to the first try ({}); {}",
                        name,
                        e.toString(),
                        ours ? "it is ours" : "not taken");
                return ours;
            } catch (Exception again) {
                log.warn("Lock {} not taken (Redis: {})", name, again.toString());
                return false;
            }
        }
    }

    public void release(String name) {
        StatefulRedisConnection<String, String> c = redis.text();
        if (c != null) {
            c.async()
                    .eval(
                            RELEASE,
                            io.lettuce.core.ScriptOutputType.INTEGER,
                            new String[] {redis.key("lock:" + name)},
                            owner);
        }
    }
}
