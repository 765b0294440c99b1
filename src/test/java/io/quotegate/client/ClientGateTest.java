package io.quotegate.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The decisions, in memory, on a clock moved by hand. */
class ClientGateTest {

    final MutableClock clock = Plans.clock();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    ClientGate gate(ClientProperties.TierLimits small) {
        return Plans.gate(Plans.properties("open", small), clock, meters);
    }

    Admission admit(ClientGate gate, String key, RequestKind kind) {
        return gate.admit(key, "10.0.0.1", kind).block();
    }

    @Test
    void aKeyOverItsRequestsPerMinuteIsRefusedUntilTheBucketRefills() {
        ClientGate gate = gate(Plans.tier(3, 0, 0, 0));
        for (int i = 0; i < 3; i++) {
            Admission a = admit(gate, Plans.KEY, RequestKind.REQUEST);
            assertThat(a.allowed()).isTrue();
            assertThat(a.rate().remaining()).isEqualTo(2 - i);
        }
        Admission over = admit(gate, Plans.KEY, RequestKind.REQUEST);
        assertThat(over.allowed()).isFalse();
        assertThat(over.refusal().status()).isEqualTo(429);
        assertThat(over.refusal().limit()).isEqualTo(Limit.REQUESTS_PER_MINUTE);
        assertThat(over.refusal().retryAfterSeconds()).isEqualTo(20); // 3 a minute: one every 20 s
        assertThat(over.refusal().message()).contains("requests-per-minute", "3 requests per minute", "in 20 s");
        assertThat(over.rate().remaining()).isZero();

        clock.advance(Duration.ofSeconds(19));
        assertThat(admit(gate, Plans.KEY, RequestKind.REQUEST).allowed()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(admit(gate, Plans.KEY, RequestKind.REQUEST).allowed()).isTrue();
        assertThat(meters.get("quotegate.client.limited")
                        .tag("tier", "small")
                        .tag("limit", "requests-per-minute")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(meters.get("quotegate.client.requests")
                        .tag("tier", "small")
                        .tag("outcome", "allowed")
                        .counter()
                        .count())
                .isEqualTo(4);
    }

    @Test
    void keysHaveTheirOwnBucketsAndUsageIsNeverLimited() {
        ClientGate gate = gate(Plans.tier(1, 0, 0, 0));
        assertThat(admit(gate, Plans.KEY, RequestKind.REQUEST).allowed()).isTrue();
        assertThat(admit(gate, Plans.KEY, RequestKind.REQUEST).allowed()).isFalse();
        Admission usage = admit(gate, Plans.KEY, RequestKind.USAGE);
        assertThat(usage.allowed()).isTrue();
        assertThat(usage.rate().remaining()).as("peeked, for the headers").isZero();
        assertThat(admit(gate, Plans.OTHER_KEY, RequestKind.REQUEST).allowed()).isTrue();
    }

    @Test
    void anUnknownKeyIs401AndAnonymousCallersGetTheAnonymousTier() {
        ClientGate gate = gate(Plans.tier(1, 0, 0, 0));
        Admission unknown = admit(gate, "nope", RequestKind.REQUEST);
        assertThat(unknown.refusal().status()).isEqualTo(401);
        assertThat(unknown.refusal().message()).doesNotContain("nope");
        Admission anonymous = admit(gate, null, RequestKind.REQUEST);
        assertThat(anonymous.allowed()).isTrue();
        assertThat(anonymous.client().tier().name()).isEqualTo("open");
        assertThat(anonymous.client().keyed()).isFalse();
        assertThat(meters.get("quotegate.client.requests")
                        .tag("tier", "none")
                        .tag("outcome", "unauthorized")
                        .counter()
                        .count())
                .isEqualTo(1);

        ClientGate keyRequired = Plans.gate(Plans.properties("none", Plans.tier(1, 0, 0, 0)), clock, meters);
        assertThat(keyRequired
                        .admit(null, "10.0.0.1", RequestKind.REQUEST)
                        .block()
                        .refusal()
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aStreamPastMaxStreamsIsRefusedAndTheLimitFreesWhenOneCloses() {
        ClientGate gate = gate(Plans.tier(0, 2, 0, 0));
        Admission first = admit(gate, Plans.KEY, RequestKind.STREAM);
        Admission second = admit(gate, Plans.KEY, RequestKind.STREAM);
        assertThat(first.allowed()).isTrue();
        assertThat(second.allowed()).isTrue();
        Admission third = admit(gate, Plans.KEY, RequestKind.STREAM);
        assertThat(third.refusal().status()).isEqualTo(429);
        assertThat(third.refusal().limit()).isEqualTo(Limit.MAX_STREAMS);
        assertThat(third.refusal().message()).contains("max-streams", "2 concurrent streams");
        assertThat(meters.get("quotegate.client.streams")
                        .tag("tier", "small")
                        .gauge()
                        .value())
                .isEqualTo(2);
        // Ordinary requests are not streams.
        assertThat(admit(gate, Plans.KEY, RequestKind.REQUEST).allowed()).isTrue();

        first.release();
        first.release(); // twice is harmless
        assertThat(meters.get("quotegate.client.streams")
                        .tag("tier", "small")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(admit(gate, Plans.KEY, RequestKind.STREAM).allowed()).isTrue();
        assertThat(admit(gate, Plans.KEY, RequestKind.STREAM).allowed()).isFalse();
        // The stream that reached the limit was told so, first on its own stream.
        assertThat(second.warnings())
                .extracting(Warning::type, Warning::percentage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stream_limit_warning", 100.0));
    }

    @Test
    void monthlyMessagesRunOutWarnOncePerCrossingAndResetWithTheMonth() {
        ClientGate gate = gate(Plans.tier(0, 0, 10, 0));
        Client client = admit(gate, Plans.KEY, RequestKind.REQUEST).client();
        List<Warning> seen = new ArrayList<>();
        Disposable listening = gate.warnings(client).subscribe(seen::add);
        for (int i = 0; i < 10; i++) {
            assertThat(admit(gate, Plans.KEY, RequestKind.REQUEST).allowed())
                    .as("request %d", i + 1)
                    .isTrue();
            gate.served(client, 1, 100);
        }
        assertThat(seen).extracting(Warning::type).containsOnly("data_limit_warning");
        assertThat(seen).extracting(Warning::used).containsExactly(8L, 10L);
        assertThat(seen).extracting(Warning::percentage).containsExactly(80.0, 100.0);
        assertThat(seen.get(1).endsStream()).isTrue();
        assertThat(seen.get(1).resetAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));

        Admission over = admit(gate, Plans.KEY, RequestKind.REQUEST);
        assertThat(over.refusal().status()).isEqualTo(429);
        assertThat(over.refusal().limit()).isEqualTo(Limit.MESSAGES_PER_MONTH);
        assertThat(over.refusal().message())
                .contains("messages-per-month", "10 messages per month", "2027-01-01T00:00:00Z");
        assertThat(over.refusal().retryAfterSeconds())
                .isEqualTo(Duration.between(clock.instant(), Instant.parse("2027-01-01T00:00:00Z"))
                        .toSeconds());

        UsageReport usage = gate.usage(client).block();
        assertThat(usage.name()).isEqualTo("team-a");
        assertThat(usage.tier()).isEqualTo("small");
        UsageReport.LimitUsage messages = usage.limits().get("messages-per-month");
        assertThat(messages.used()).isEqualTo(10);
        assertThat(messages.limit()).isEqualTo(10);
        assertThat(messages.remaining()).isZero();
        assertThat(messages.percentage()).isEqualTo(100.0);
        assertThat(usage.limits().get("bytes-per-month").used()).isEqualTo(1000);
        assertThat(usage.limits().get("bytes-per-month").limit()).isNull();
        assertThat(usage.limitExceeded()).isTrue();
        assertThat(usage.warning()).isTrue();
        assertThat(usage.billingPeriod().start()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(usage.billingPeriod().nextReset()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(usage.billingPeriod().daysLeft()).isEqualTo(31);

        clock.set(Instant.parse("2027-01-01T00:00:01Z"));
        assertThat(admit(gate, Plans.KEY, RequestKind.REQUEST).allowed()).isTrue();
        assertThat(gate.usage(client).block().limits().get("messages-per-month").used())
                .isZero();
        listening.dispose();
    }

    @Test
    void bytesPerMonthCountsAndRunsOut() {
        ClientGate gate = gate(Plans.tier(0, 0, 0, 1000));
        Client client = admit(gate, Plans.KEY, RequestKind.REQUEST).client();
        gate.served(client, 1, 999);
        assertThat(admit(gate, Plans.KEY, RequestKind.REQUEST).allowed()).isTrue();
        gate.served(client, 0, 1);
        Admission over = admit(gate, Plans.KEY, RequestKind.REQUEST);
        assertThat(over.refusal().limit()).isEqualTo(Limit.BYTES_PER_MONTH);
    }

    @Test
    void rateWarningsComeOncePerLevelNotPerRequest() {
        ClientGate gate = gate(Plans.tier(10, 0, 0, 0));
        Client client = admit(gate, Plans.KEY, RequestKind.REQUEST).client();
        List<Warning> seen = new ArrayList<>();
        Disposable listening = gate.warnings(client).subscribe(seen::add);
        for (int i = 1; i < 10; i++) {
            admit(gate, Plans.KEY, RequestKind.REQUEST);
        }
        assertThat(seen).extracting(Warning::type).containsOnly("rate_limit_warning");
        assertThat(seen).extracting(Warning::used).containsExactly(8L, 10L);
        // The bucket refills a little and drains again within the minute: no new warnings.
        clock.advance(Duration.ofSeconds(12));
        admit(gate, Plans.KEY, RequestKind.REQUEST);
        admit(gate, Plans.KEY, RequestKind.REQUEST);
        assertThat(seen).hasSize(2);
        listening.dispose();
    }

    /** Counts whose totals are answered only when the test says so: two responses counted at once. */
    static final class HeldCounters implements UsageCounters {
        final LocalUsageCounters real = new LocalUsageCounters();
        final List<Sinks.One<MonthlyUsage>> held = new ArrayList<>();
        final List<MonthlyUsage> totals = new ArrayList<>();

        @Override
        public Mono<MonthlyUsage> add(Client client, YearMonth month, long messages, long bytes) {
            totals.add(real.add(client, month, messages, bytes).block());
            Sinks.One<MonthlyUsage> sink = Sinks.one();
            held.add(sink);
            return sink.asMono();
        }

        @Override
        public Mono<MonthlyUsage> read(Client client, YearMonth month) {
            return real.read(client, month);
        }

        void answer(int i) {
            held.get(i).tryEmitValue(totals.get(i));
        }
    }

    ClientGate gateOn(ClientProperties p, UsageCounters counters) {
        return new ClientGate(
                new ClientDirectory(p),
                new LocalRequestLimiter(clock),
                new LocalStreamRegistry(),
                counters,
                new ClientMetrics(meters, p.tiers().keySet()),
                clock,
                p.warnAt());
    }

    @Test
    void countCompletesOnlyOnceTheCountersHoldItAndALimitItRanOutRefusesFromThen() {
        HeldCounters counters = new HeldCounters();
        ClientGate gate = gateOn(Plans.properties("open", Plans.tier(0, 0, 1, 0)), counters);
        Client client = admit(gate, Plans.KEY, RequestKind.REQUEST).client();
        AtomicBoolean done = new AtomicBoolean();
        gate.count(client, 1, 10).subscribe(null, null, () -> done.set(true));
        assertThat(done).as("the counter has not answered").isFalse();
        counters.answer(0);
        assertThat(done).isTrue();
        assertThat(admit(gate, Plans.KEY, RequestKind.REQUEST).refusal().code()).isEqualTo("quota_exhausted");
    }

    @Test
    void aCounterThatFailsIsLoggedAndCountStillCompletes() {
        UsageCounters failing = new UsageCounters() {
            @Override
            public Mono<MonthlyUsage> add(Client client, YearMonth month, long messages, long bytes) {
                return Mono.error(new IllegalStateException("redis down"));
            }

            @Override
            public Mono<MonthlyUsage> read(Client client, YearMonth month) {
                return Mono.just(new MonthlyUsage(0, 0));
            }
        };
        ClientGate gate = gateOn(Plans.properties("open", Plans.tier(0, 0, 1, 0)), failing);
        Client client = admit(gate, Plans.KEY, RequestKind.REQUEST).client();
        assertThat(gate.count(client, 1, 10).then(Mono.just("completed")).block(Duration.ofSeconds(1)))
                .isEqualTo("completed");
        assertThat(admit(gate, Plans.KEY, RequestKind.REQUEST).allowed()).isTrue();
    }

    @Test
    void theWarnAtWarningComesBeforeTheLimitsOwnWhenTheirCountsFinishInTheOtherOrder() {
        ClientProperties p = Plans.properties("open", Plans.tier(0, 0, 5, 0));
        HeldCounters counters = new HeldCounters();
        ClientGate gate = gateOn(p, counters);
        Client client = admit(gate, Plans.KEY, RequestKind.REQUEST).client();
        List<Warning> seen = new ArrayList<>();
        Disposable listening = gate.warnings(client).subscribe(seen::add);
        for (int i = 0; i < 5; i++) {
            gate.served(client, 1, 10);
        }
        counters.answer(0);
        counters.answer(1);
        counters.answer(2);
        counters.answer(4); // 5 of 5 is answered before 4 of 5
        assertThat(seen).extracting(Warning::percentage).containsExactly(80.0, 100.0);
        assertThat(seen).extracting(Warning::used).containsExactly(4L, 5L);
        counters.answer(3);
        assertThat(seen).as("the late count tells nothing more").hasSize(2);
        listening.dispose();
    }

    @Test
    void aLateCountThatCrossedWarnAtIsStillToldWhenTheNextCountIsSeenFirst() {
        ClientProperties p = Plans.properties("open", Plans.tier(0, 0, 0, 1000));
        HeldCounters counters = new HeldCounters();
        ClientGate gate = gateOn(p, counters);
        Client client = admit(gate, Plans.KEY, RequestKind.REQUEST).client();
        List<Warning> seen = new ArrayList<>();
        Disposable listening = gate.warnings(client).subscribe(seen::add);
        gate.served(client, 0, 790);
        gate.served(client, 0, 20); // crosses 800 of 1000
        gate.served(client, 0, 10); // 810 to 820: past warn-at already
        counters.answer(0);
        counters.answer(2);
        counters.answer(1);
        assertThat(seen).singleElement().satisfies(w -> {
            assertThat(w.name()).isEqualTo("bytes-per-month");
            assertThat(w.used()).isEqualTo(820);
            assertThat(w.percentage()).isEqualTo(82.0);
        });
        listening.dispose();
    }

    @Test
    void crossingBothLevelsAtOnceIsOneWarning() {
        ClientGate gate = gate(Plans.tier(0, 0, 3, 0));
        assertThat(new Crossings(0.8).crossing(Limit.MESSAGES_PER_MONTH, 2, 3, 3, null))
                .hasValueSatisfying(w -> assertThat(w.percentage()).isEqualTo(100.0));
        assertThat(new Crossings(0.8).crossing(Limit.MESSAGES_PER_MONTH, 3, 4, 3, null))
                .isEmpty();
        assertThat(new Crossings(0.8).crossing(Limit.MESSAGES_PER_MONTH, 0, 1, 3, null))
                .isEmpty();
    }

    @Test
    void aReplicaThatLearnsALimitRanOutElsewhereTellsItsOwnStreamsOnce() {
        ClientProperties p = Plans.properties("open", Plans.tier(0, 0, 3, 0));
        UsageCounters shared = new LocalUsageCounters();
        ClientGate a = new ClientGate(
                new ClientDirectory(p),
                new LocalRequestLimiter(clock),
                new LocalStreamRegistry(),
                shared,
                new ClientMetrics(meters, p.tiers().keySet()),
                clock,
                p.warnAt());
        ClientGate b = new ClientGate(
                new ClientDirectory(p),
                new LocalRequestLimiter(clock),
                new LocalStreamRegistry(),
                shared,
                new ClientMetrics(new SimpleMeterRegistry(), p.tiers().keySet()),
                clock,
                p.warnAt());
        Client client = admit(a, Plans.KEY, RequestKind.REQUEST).client();
        List<Warning> onB = new ArrayList<>();
        Disposable listening = b.warnings(client).subscribe(onB::add);
        for (int i = 0; i < 3; i++) {
            a.served(client, 1, 10);
        }
        assertThat(onB).isEmpty();
        assertThat(admit(b, Plans.KEY, RequestKind.REQUEST).allowed())
                .as("b has not seen it yet")
                .isTrue();
        b.served(client, 1, 10);
        b.served(client, 1, 10);
        assertThat(onB).singleElement().satisfies(w -> {
            assertThat(w.used())
                    .as("the real count: b served one more before it knew")
                    .isEqualTo(4);
            assertThat(w.percentage()).isEqualTo(133.3);
            assertThat(w.endsStream()).isTrue();
        });
        assertThat(admit(b, Plans.KEY, RequestKind.REQUEST).refusal().limit()).isEqualTo(Limit.MESSAGES_PER_MONTH);
        listening.dispose();
    }
}
