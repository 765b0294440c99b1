package io.quotegate.client;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * The buckets in Redis (Bucket4j's Lettuce backend, compare-and-swap), so every replica takes from
 * the same count. A bucket's key expires once it would be full again.
 */
final class RedisRequestLimiter implements RequestLimiter {

    private final AsyncProxyManager<String> buckets;
    private final String prefix;

    public RedisRequestLimiter(RedisClient redis, String prefix, Clock clock) {
        this.prefix = prefix;
        this.buckets = Bucket4jLettuce.casBasedBuilder(redis)
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .clientClock(new ClockTimeMeter(clock))
                .build()
                .asAsync()
                .withMapper((String key) -> key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public Mono<RateState> tryAcquire(Client client) {
        long limit = client.tier().requestsPerMinute();
        return Mono.fromFuture(() -> bucket(client).tryConsumeAndReturnRemaining(1))
                .map(probe -> RequestLimiter.state(limit, probe));
    }

    @Override
    public Mono<RateState> peek(Client client) {
        long limit = client.tier().requestsPerMinute();
        return Mono.fromFuture(() -> bucket(client).getAvailableTokens()).map(a -> RequestLimiter.peeked(limit, a));
    }

    private io.github.bucket4j.distributed.AsyncBucketProxy bucket(Client client) {
        long limit = client.tier().requestsPerMinute();
        return buckets.builder()
                .build(
                        prefix + "rpm:" + client.id() + ":" + limit,
                        () -> CompletableFuture.completedFuture(RequestLimiter.configuration(limit)));
    }
}
