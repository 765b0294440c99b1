package io.quotegate.client;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * Requests per minute per client: a token bucket of {@code requests-per-minute} tokens refilled
 * smoothly over a minute (Bucket4j). In memory for one replica, in Redis for several
 * ({@link RedisRequestLimiter}), so that the replicas share one count.
 */
interface RequestLimiter {

    /** Takes one request from the client's bucket. Only called for tiers with a requests-per-minute limit. */
    Mono<RateState> tryAcquire(Client client);

    /** The bucket as it is, without taking from it. */
    Mono<RateState> peek(Client client);

    /** The one bucket shape used by every implementation. */
    static BucketConfiguration configuration(long perMinute) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build();
    }

    static RateState state(long limit, ConsumptionProbe probe) {
        return new RateState(
                limit,
                probe.getRemainingTokens(),
                toFullSeconds(limit, probe.getRemainingTokens()),
                probe.isConsumed(),
                probe.isConsumed() ? 0 : Math.max(1, ceilSeconds(probe.getNanosToWaitForRefill())));
    }

    static RateState peeked(long limit, long available) {
        long remaining = Math.max(0, Math.min(limit, available));
        return new RateState(limit, remaining, toFullSeconds(limit, remaining), remaining > 0, 0);
    }

    /** Seconds until a greedily refilled bucket of {@code limit} per minute is full again. */
    private static long toFullSeconds(long limit, long remaining) {
        long missing = Math.max(0, limit - remaining);
        return (missing * 60 + limit - 1) / limit;
    }

    private static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
