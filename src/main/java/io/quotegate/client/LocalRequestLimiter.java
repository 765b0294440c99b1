package io.quotegate.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * One replica's buckets, in memory. A bucket untouched for two minutes is full again anyway, so it
 * is dropped, which bounds the memory anonymous callers can take.
 */
public final class LocalRequestLimiter implements RequestLimiter {

    private final Cache<BucketKey, Bucket> buckets =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(2)).build();
    private final ClockTimeMeter time;

    public LocalRequestLimiter(Clock clock) {
        this.time = new ClockTimeMeter(clock);
    }

    @Override
    public Mono<RateState> tryAcquire(Client client) {
        long limit = client.tier().requestsPerMinute();
        return Mono.just(RequestLimiter.state(limit, bucket(client).tryConsumeAndReturnRemaining(1)));
    }

    @Override
    public Mono<RateState> peek(Client client) {
        long limit = client.tier().requestsPerMinute();
        return Mono.just(RequestLimiter.peeked(limit, bucket(client).getAvailableTokens()));
    }

    /** A client's bucket for one size (a tier change makes a new one). */
    private record BucketKey(String clientId, long limit) {}

    private Bucket bucket(Client client) {
        long limit = client.tier().requestsPerMinute();
        return buckets.get(new BucketKey(client.id(), limit), k -> {
            // The shape every limiter shares (RequestLimiter.configuration), on this replica's clock.
            var builder = Bucket.builder().withCustomTimePrecision(time);
            for (var bandwidth : RequestLimiter.configuration(limit).getBandwidths()) {
                builder.addLimit(bandwidth);
            }
            return builder.build();
        });
    }
}
