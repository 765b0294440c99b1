package io.quotegate.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A replica whose Redis goes away keeps answering its clients, counting alone, and shares again once it is back. */
class AloneWhileRedisIsAwayTest {

    final MutableClock clock = Plans.clock();
    final AloneWhileRedisIsAway alone = new AloneWhileRedisIsAway(clock);

    /** Redis as the shared side sees it: answers while up, fails ("not connected") while down; counts the calls. */
    final class Switchable implements UsageCounters, RequestLimiter {
        final AtomicBoolean up = new AtomicBoolean(true);
        final AtomicInteger calls = new AtomicInteger();
        final LocalUsageCounters counts = new LocalUsageCounters();
        final LocalRequestLimiter buckets = new LocalRequestLimiter(clock);

        private <T> Mono<T> call(Mono<T> answer) {
            return Mono.defer(() -> {
                calls.incrementAndGet();
                return up.get() ? answer : Mono.error(new IllegalStateException("Currently not connected"));
            });
        }

        @Override
        public Mono<MonthlyUsage> add(Client client, YearMonth month, long messages, long bytes) {
            return call(Mono.defer(() -> counts.add(client, month, messages, bytes)));
        }

        @Override
        public Mono<MonthlyUsage> read(Client client, YearMonth month) {
            return call(Mono.defer(() -> counts.read(client, month)));
        }

        @Override
        public Mono<RateState> tryAcquire(Client client) {
            return call(Mono.defer(() -> buckets.tryAcquire(client)));
        }

        @Override
        public Mono<RateState> peek(Client client) {
            return call(Mono.defer(() -> buckets.peek(client)));
        }
    }

    @Test
    void whileRedisIsAwayTheReplicaCountsAloneAndAsksAgainAfterAWhile() {
        Switchable redis = new Switchable();
        UsageCounters counters = alone.counters(redis, new LocalUsageCounters());
        Client client = Client.keyed("team", new Tier("t", 0, 0, 100, 0));
        YearMonth month = YearMonth.of(2026, 12);

        assertThat(counters.add(client, month, 1, 10).block()).isEqualTo(new MonthlyUsage(1, 10));
        redis.up.set(false);
        assertThat(counters.add(client, month, 1, 10).block())
                .as("counted alone, from this replica's own zero")
                .isEqualTo(new MonthlyUsage(1, 10));
        assertThat(alone.alone()).isTrue();
        int calls = redis.calls.get();
        counters.add(client, month, 1, 10).block();
        assertThat(redis.calls.get())
                .as("Redis is not asked while the replica counts alone")
                .isEqualTo(calls);

        redis.up.set(true);
        clock.advance(AloneWhileRedisIsAway.ALONE_FOR);
        assertThat(counters.add(client, month, 1, 10).block())
                .as("shared again: the count Redis held, plus this one")
                .isEqualTo(new MonthlyUsage(2, 20));
        assertThat(alone.alone()).isFalse();
    }

    @Test
    void aKeyedAdmissionAndItsUsageAreAnsweredWhileRedisIsAway() {
        Switchable redis = new Switchable();
        ClientProperties p = Plans.properties("open", Plans.tier(2, 0, 0, 0));
        ClientGate gate = new ClientGate(
                new ClientDirectory(p),
                alone.limiter(redis, new LocalRequestLimiter(clock)),
                alone.streams(new LocalStreamRegistry(), new LocalStreamRegistry()),
                alone.counters(redis, new LocalUsageCounters()),
                new ClientMetrics(new SimpleMeterRegistry(), p.tiers().keySet()),
                clock,
                p.warnAt());
        redis.up.set(false);

        Admission first = gate.admit(Plans.KEY, "10.0.0.1", RequestKind.REQUEST).block(Duration.ofSeconds(1));
        assertThat(first.allowed()).isTrue();
        assertThat(first.rate().remaining()).isEqualTo(1);
        assertThat(gate.admit(Plans.KEY, "10.0.0.1", RequestKind.REQUEST)
                        .block(Duration.ofSeconds(1))
                        .allowed())
                .isTrue();
        assertThat(gate.admit(Plans.KEY, "10.0.0.1", RequestKind.REQUEST)
                        .block(Duration.ofSeconds(1))
                        .refusal()
                        .code())
                .as("the replica's own bucket still limits")
                .isEqualTo("rate_limited");
        UsageReport usage = gate.usage(first.client()).block(Duration.ofSeconds(1));
        assertThat(usage.limits().get("requests-per-minute").used()).isEqualTo(2);
        assertThat(usage.limitExceeded()).isTrue();
    }
}
