package io.quotegate.client;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.YearMonth;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Monthly counters shared by the replicas: one Redis hash per client and month ({@code m} messages,
 * {@code b} bytes), incremented atomically, kept for 40 days after its last write.
 */
final class RedisUsageCounters implements UsageCounters {

    private static final String ADD = """
            local m = redis.call('HINCRBY', KEYS[1], 'm', ARGV[1])
            local b = redis.call('HINCRBY', KEYS[1], 'b', ARGV[2])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return {m, b}
            """;
    private static final long KEEP_SECONDS = 40L * 24 * 3600;

    private final StatefulRedisConnection<String, String> redis;
    private final String prefix;

    public RedisUsageCounters(StatefulRedisConnection<String, String> redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
    }

    @Override
    public Mono<MonthlyUsage> add(Client client, YearMonth month, long messages, long bytes) {
        return Mono.fromCompletionStage(() -> redis.async()
                        .<List<Object>>eval(
                                ADD,
                                ScriptOutputType.MULTI,
                                new String[] {key(client, month)},
                                Long.toString(messages),
                                Long.toString(bytes),
                                Long.toString(KEEP_SECONDS)))
                .map(r -> new MonthlyUsage(((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue()));
    }

    @Override
    public Mono<MonthlyUsage> read(Client client, YearMonth month) {
        return Mono.fromCompletionStage(() -> redis.async().hmget(key(client, month), "m", "b"))
                .map(values -> new MonthlyUsage(number(values.get(0)), number(values.get(1))));
    }

    private static long number(KeyValue<String, String> kv) {
        return kv.hasValue() ? Long.parseLong(kv.getValue()) : 0;
    }

    private String key(Client client, YearMonth month) {
        return prefix + "month:" + month + ":" + client.id();
    }
}
