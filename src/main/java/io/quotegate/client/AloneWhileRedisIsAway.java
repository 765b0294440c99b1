package io.quotegate.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The shared counts (Redis) with this replica's own in memory behind them. When a call to Redis fails (it is
 * away, or does not answer within its command timeout), this replica counts its clients alone, in memory, for
 * {@link #ALONE_FOR}, then asks Redis again: a keyed read is served, not failed, while Redis is away, as it is
 * when Redis could not be reached at start. Nothing counted alone reaches Redis later, so during an outage each
 * replica enforces the limits on what it sees itself. Said once when it starts (WARN) and once when Redis
 * answers again (INFO).
 */
final class AloneWhileRedisIsAway {

    private static final Logger log = LoggerFactory.getLogger(AloneWhileRedisIsAway.class);

    /** How long a failed call keeps this replica from asking Redis: one slow call per outage and period. */
    static final Duration ALONE_FOR = Duration.ofSeconds(5);

    private final Clock clock;
    /** Until when the replica counts alone; null while Redis answers. */
    private final AtomicReference<@Nullable Instant> aloneUntil = new AtomicReference<>();

    AloneWhileRedisIsAway(Clock clock) {
        this.clock = clock;
    }

    /** Whether the replica counts alone now. */
    boolean alone() {
        Instant until = aloneUntil.get();
        return until != null && clock.instant().isBefore(until);
    }

    <T> Mono<T> either(Supplier<Mono<T>> shared, Supplier<Mono<T>> local) {
        if (alone()) {
            return local.get();
        }
        return Mono.defer(shared).doOnNext(x -> answered()).onErrorResume(e -> {
            failed(e);
            return local.get();
        });
    }

    private void answered() {
        if (aloneUntil.getAndSet(null) != null) {
            log.info("Client plans: Redis answers again; the replicas share their counts from now on");
        }
    }

    private void failed(Throwable e) {
        if (aloneUntil.getAndSet(clock.instant().plus(ALONE_FOR)) == null) {
            log.warn(
                    "Client plans: Redis does not answer ({}); this replica counts its clients alone, in memory,"
                            + " asking Redis again every {} s",
                    e.toString(),
                    ALONE_FOR.toSeconds());
        }
    }

    RequestLimiter limiter(RequestLimiter shared, RequestLimiter local) {
        return new RequestLimiter() {
            @Override
            public Mono<RateState> tryAcquire(Client client) {
                return either(() -> shared.tryAcquire(client), () -> local.tryAcquire(client));
            }

            @Override
            public Mono<RateState> peek(Client client) {
                return either(() -> shared.peek(client), () -> local.peek(client));
            }
        };
    }

    StreamRegistry streams(StreamRegistry shared, StreamRegistry local) {
        return new StreamRegistry() {
            @Override
            public Mono<StreamLease> tryOpen(Client client, int max) {
                return either(() -> shared.tryOpen(client, max), () -> local.tryOpen(client, max));
            }

            @Override
            public Mono<Integer> open(Client client) {
                return either(() -> shared.open(client), () -> local.open(client));
            }
        };
    }

    UsageCounters counters(UsageCounters shared, UsageCounters local) {
        return new UsageCounters() {
            @Override
            public Mono<MonthlyUsage> add(Client client, YearMonth month, long messages, long bytes) {
                return either(
                        () -> shared.add(client, month, messages, bytes),
                        () -> local.add(client, month, messages, bytes));
            }

            @Override
            public Mono<MonthlyUsage> read(Client client, YearMonth month) {
                return either(() -> shared.read(client, month), () -> local.read(client, month));
            }
        };
    }
}
