package io.quotegate.client;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Open streams shared by the replicas: per client a Redis sorted set of stream leases, scored by
 * when each lease expires. A replica renews its leases while their connections are open and removes
 * a lease when its connection closes; a replica that dies stops renewing, and its leases lapse
 * after {@code leaseTime}. Opening is one Lua script (drop lapsed, count, add if below max), so two
 * replicas cannot both take the last place.
 */
final class RedisStreamRegistry implements StreamRegistry, AutoCloseable {

    private static final String OPEN = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            local n = redis.call('ZCARD', KEYS[1])
            local max = tonumber(ARGV[3])
            if max > 0 and n >= max then return -n - 1 end
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return n + 1
            """;
    private static final String COUNT = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
            return redis.call('ZCARD', KEYS[1])
            """;

    private final StatefulRedisConnection<String, String> redis;
    private final String prefix;
    private final Clock clock;
    private final Duration leaseTime;
    private final String replica = UUID.randomUUID().toString();
    /** lease member -> its set's key, for renewal. */
    private final Map<String, String> held = new ConcurrentHashMap<>();

    private final Disposable renewal;

    public RedisStreamRegistry(
            StatefulRedisConnection<String, String> redis,
            String prefix,
            Clock clock,
            Duration leaseTime,
            Scheduler scheduler) {
        this.redis = redis;
        this.prefix = prefix;
        this.clock = clock;
        this.leaseTime = leaseTime;
        Duration every = leaseTime.dividedBy(3);
        this.renewal = Flux.interval(every, every, scheduler)
                .concatMap(t -> renew().onErrorResume(e -> Mono.empty()))
                .subscribe();
    }

    @Override
    public Mono<StreamLease> tryOpen(Client client, int max) {
        String key = key(client);
        // Unique among this replica's streams, never a secret: no SecureRandom read on the event loop.
        String member = replica + ":"
                + new UUID(
                        ThreadLocalRandom.current().nextLong(),
                        ThreadLocalRandom.current().nextLong());
        long now = clock.millis();
        return Mono.fromCompletionStage(() -> redis.async()
                        .<Long>eval(
                                OPEN,
                                ScriptOutputType.INTEGER,
                                new String[] {key},
                                Long.toString(now),
                                Long.toString(now + leaseTime.toMillis()),
                                Integer.toString(max),
                                member,
                                Long.toString(leaseTime.toMillis() * 2)))
                .map(n -> {
                    if (n < 0) {
                        return StreamLease.refused((int) (-n - 1));
                    }
                    held.put(member, key);
                    return new StreamLease(true, n.intValue(), () -> {
                        held.remove(member);
                        redis.async().zrem(key, member);
                    });
                });
    }

    @Override
    public Mono<Integer> open(Client client) {
        return Mono.fromCompletionStage(() -> redis.async()
                        .<Long>eval(
                                COUNT,
                                ScriptOutputType.INTEGER,
                                new String[] {key(client)},
                                Long.toString(clock.millis())))
                .map(Long::intValue);
    }

    /** Pushes the expiry of every lease this replica holds. */
    Mono<Void> renew() {
        long until = clock.millis() + leaseTime.toMillis();
        return Flux.fromIterable(Map.copyOf(held).entrySet())
                .flatMap(e -> Mono.fromCompletionStage(() -> redis.async()
                        .zadd(e.getValue(), io.lettuce.core.ZAddArgs.Builder.xx(), (double) until, e.getKey())))
                .then();
    }

    private String key(Client client) {
        return prefix + "streams:" + client.id();
    }

    @Override
    public void close() {
        renewal.dispose();
    }
}
