package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.normal;
import static io.quotegate.budget.LedgerFixture.reserve;
import static io.quotegate.budget.LedgerFixture.twelveData;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.quotegate.budget.Decision.Kind;
import io.quotegate.cluster.RedisLink;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** What only the shared ledger does: one count for every replica, a shared log, and the safety share when Redis is lost. */
class RedisLedgerSharingTest {

    private final MutableClock clock = MutableClock.at("2025-03-14T15:09:26.535Z");
    private final RedisLink link = RedisLedgers.link();

    private RedisLedger replica(RedisLink on, int replicas) {
        return new RedisLedger(
                Map.of("twelvedata", twelveData()),
                Map.of(),
                Thresholds.defaults(),
                clock,
                TimeScale.of(SlotUnit.MINUTES),
                on,
                () -> replicas);
    }

    @Test
    void shouldShareOneCountAndOneDecisionLogBetweenReplicas() {
        RedisLedger a = replica(link, 2);
        RedisLedger b = replica(link, 2);

        assertThat(reserve(a, normal("twelvedata", "fx", 5)).kind()).isEqualTo(Kind.GRANTED);
        Decision second = reserve(b, normal("twelvedata", "crypto", 5));

        assertThat(second.kind()).isEqualTo(Kind.WAIT);
        assertThat(second.reason()).contains("used 5 of 8");
        assertThat(b.usage("twelvedata").used(Window.DAY)).isEqualTo(5);
        assertThat(a.recentDecisions()).isEqualTo(b.recentDecisions()).hasSize(2);
    }

    @Test
    void shouldRefuseEveryReplicasSpendsWhileTheProviderBansUs() {
        RedisLedger a = replica(link, 2);
        RedisLedger b = replica(link, 2);

        StepVerifier.create(a.banUntil("twelvedata", clock.instant().plusSeconds(30)))
                .verifyComplete();
        Decision d = reserve(b, normal("twelvedata", "fx", 1));

        assertThat(d.kind()).isEqualTo(Kind.DENIED);
        assertThat(d.reason()).contains("refuses calls until 2025-03-14T15:09:56.535Z");
        assertThat(b.usage("twelvedata").used(Window.MINUTE)).isZero();
        assertThat(b.recentDecisions()).extracting(DecisionRecord::decision).containsExactly("banned", "denied");
    }

    @Test
    void shouldReloadTheScriptWhenRedisForgotIt() {
        RedisLedger a = replica(link, 1);
        reserve(a, normal("twelvedata", "fx", 1));
        link.text().sync().scriptFlush();

        assertThat(reserve(a, normal("twelvedata", "fx", 1)).kind()).isEqualTo(Kind.GRANTED);
        assertThat(a.usage("twelvedata").used(Window.MINUTE)).isEqualTo(2);
    }

    @Test
    void shouldSpendAtMostItsSafetyShareWhileRedisIsAway() {
        String prefix = "qgtest-" + UUID.randomUUID();
        RedisLink own = new RedisLink(RedisURI.create("redis://127.0.0.1:6379"), prefix).connectNow();
        RedisLedger a = replica(own, 2);
        reserve(a, normal("twelvedata", "fx", 2)); // 6 of 8 left in the minute, 798 in the day: 3 each for two replicas
        a.usage("twelvedata");
        own.text().setAutoFlushCommands(false); // commands no longer leave: Redis is "away"
        own.text().setTimeout(Duration.ofMillis(200));

        assertThat(reserve(a, normal("twelvedata", "fx", 3)).kind()).isEqualTo(Kind.GRANTED);
        Decision beyond = reserve(a, normal("twelvedata", "fx", 1));

        assertThat(beyond.kind()).isEqualTo(Kind.WAIT);
        assertThat(beyond.reason()).contains("safety share of the minute is 3");

        assertThat(a.usage("twelvedata").used(Window.MINUTE))
                .as("last seen plus spent alone")
                .isEqualTo(5);
        own.close();
    }

    @Test
    void shouldSpendNothingWhenItNeverSawRedis() {
        RedisLink never = new RedisLink(RedisURI.create("redis://127.0.0.1:1"), "qgtest-" + UUID.randomUUID());
        RedisLedger a = replica(never, 1);

        Decision d = reserve(a, normal("twelvedata", "fx", 1));

        assertThat(d.kind()).isEqualTo(Kind.DENIED);
        assertThat(d.reason()).contains("never seen its counts");
        never.close();
    }
}
