package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.critical;
import static io.quotegate.budget.LedgerFixture.normal;
import static io.quotegate.budget.LedgerFixture.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.budget.Decision.Kind;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A window's edge (design invariant 10): a spend reserved within the provider's edge guard (real time) of the end
 * of a minute, day or month may reach the provider in the next one, so it counts there too. The case: a
 * batch reserved 25 ms before a minute ended reached the provider after it, and a batch released as the minute
 * turned landed beside it: 16 credits in a minute limited to 8.
 */
class MemoryLedgerEdgeTest extends LedgerContract {

    static final Duration GUARD = Duration.ofMillis(500);

    /** Twelve Data Basic with a 500 ms edge guard. */
    static Budget guarded() {
        return new Budget(
                "twelvedata", CostModel.parse("per-symbol"), Map.of(Window.MINUTE, 8, Window.DAY, 800), GUARD);
    }

    private final MutableClock clock = MutableClock.at("2025-03-14T15:09:59.975Z");
    private final Ledger ledger = ledger(clock, SlotUnit.MINUTES, guarded());

    @Test
    void shouldMakeTheNextCallWaitWhenASpendJustBeforeTheMinutesEndMayLandInIt() {
        assertThat(reserve(ledger, normal("twelvedata", "fx", 8)).kind()).isEqualTo(Kind.GRANTED);

        clock.set(Instant.parse("2025-03-14T15:10:00.016Z"));
        Decision commodities = reserve(ledger, normal("twelvedata", "commodities", 8));

        assertThat(commodities.kind()).isEqualTo(Kind.WAIT);
        assertThat(commodities.reason()).contains("minute full: used 8 of 8");
        assertThat(commodities.delay()).isEqualTo(Duration.ofMillis(59_984));
        Usage.WindowUsage minute = ledger.usage("twelvedata").windows().get(Window.MINUTE);
        assertThat(minute.start()).isEqualTo(Instant.parse("2025-03-14T15:10:00Z"));
        assertThat(minute.used()).isEqualTo(8);
        assertThat(minute.byFeed()).isEqualTo(Map.of("fx", 8L));
    }

    @Test
    void shouldNotCountASpendOutsideTheGuardInTheNextMinute() {
        clock.set(Instant.parse("2025-03-14T15:09:59.499Z")); // 501 ms before the end
        assertThat(reserve(ledger, normal("twelvedata", "fx", 8)).kind()).isEqualTo(Kind.GRANTED);

        clock.set(Instant.parse("2025-03-14T15:10:00.000Z"));

        assertThat(ledger.usage("twelvedata").used(Window.MINUTE)).isZero();
        assertThat(reserve(ledger, normal("twelvedata", "commodities", 8)).kind())
                .isEqualTo(Kind.GRANTED);
    }

    @Test
    void shouldCountASpendJustInsideTheGuardInTheNextMinute() {
        clock.set(Instant.parse("2025-03-14T15:09:59.501Z")); // 499 ms before the end
        reserve(ledger, normal("twelvedata", "fx", 3));

        clock.set(Instant.parse("2025-03-14T15:10:00.000Z"));

        assertThat(ledger.usage("twelvedata").used(Window.MINUTE)).isEqualTo(3);
        assertThat(reserve(ledger, normal("twelvedata", "commodities", 6)).kind())
                .isEqualTo(Kind.WAIT);
        assertThat(reserve(ledger, normal("twelvedata", "commodities", 5)).kind())
                .isEqualTo(Kind.GRANTED);
    }

    @Test
    void shouldNeedRoomInBothMinutesNearTheEdge() {
        clock.set(Instant.parse("2025-03-14T15:09:30Z"));
        reserve(ledger, normal("twelvedata", "fx", 5));
        clock.set(Instant.parse("2025-03-14T15:09:59.800Z"));

        assertThat(reserve(ledger, normal("twelvedata", "crypto", 4)).kind()).isEqualTo(Kind.WAIT);
        assertThat(reserve(ledger, normal("twelvedata", "crypto", 3)).kind()).isEqualTo(Kind.GRANTED);

        clock.set(Instant.parse("2025-03-14T15:10:00.000Z"));
        assertThat(ledger.usage("twelvedata").used(Window.MINUTE)).isEqualTo(3);
        assertThat(ledger.usage("twelvedata").used(Window.DAY)).isEqualTo(8);
    }

    @Test
    void shouldCountASpendJustBeforeMidnightInTheNextDayToo() {
        clock.set(Instant.parse("2025-03-14T23:59:59.700Z"));
        assertThat(reserve(ledger, critical("twelvedata", "fx", 8)).kind()).isEqualTo(Kind.GRANTED);

        clock.set(Instant.parse("2025-03-15T00:00:00.001Z"));

        Usage.WindowUsage day = ledger.usage("twelvedata").windows().get(Window.DAY);
        assertThat(day.start()).isEqualTo(Instant.parse("2025-03-15T00:00:00Z"));
        assertThat(day.used()).isEqualTo(8);
        assertThat(day.byFeed()).isEqualTo(Map.of("fx", 8L));
    }

    @Test
    void shouldCountASpendJustBeforeTheMonthsEndInTheNextMonthToo() {
        MutableClock leap = MutableClock.at("2024-02-29T23:59:59.900Z");
        Budget monthly = new Budget("marketstack", CostModel.parse("per-call"), Map.of(Window.MONTH, 100), GUARD);
        Ledger l = ledger(leap, SlotUnit.MINUTES, monthly);
        assertThat(reserve(l, critical("marketstack", "indices", 60)).kind()).isEqualTo(Kind.GRANTED);

        leap.set(Instant.parse("2024-03-01T00:00:00.100Z"));

        assertThat(l.usage("marketstack").used(Window.MONTH)).isEqualTo(60);
        Decision beyond = reserve(l, critical("marketstack", "indices", 41));
        assertThat(beyond.kind()).isEqualTo(Kind.DENIED);
        assertThat(beyond.reason()).contains("month limit 100 reached: used 60");
    }

    @Test
    void shouldApplyTheGuardInRealTimeInSecondsMode() {
        // A model minute is one real second: the 500 ms guard is the last 30 model seconds of it.
        MutableClock fast = MutableClock.at("2025-03-14T15:09:00.520Z"); // real: 480 ms before the model minute ends
        Ledger seconds = ledger(fast, SlotUnit.SECONDS, guarded());
        reserve(seconds, normal("twelvedata", "fx", 8));
        fast.set(Instant.parse("2025-03-14T15:09:01.000Z"));
        assertThat(seconds.usage("twelvedata").used(Window.MINUTE)).isEqualTo(8);

        MutableClock early = MutableClock.at("2025-03-14T15:09:00.480Z"); // real: 520 ms before the end
        Ledger outside = ledger(early, SlotUnit.SECONDS, guarded());
        reserve(outside, normal("twelvedata", "fx", 8));
        early.set(Instant.parse("2025-03-14T15:09:01.000Z"));
        assertThat(outside.usage("twelvedata").used(Window.MINUTE)).isZero();
    }

    @Test
    void shouldCountNothingAheadWithoutAGuard() {
        Ledger plain = ledger(clock, SlotUnit.MINUTES, LedgerFixture.twelveData());
        reserve(plain, normal("twelvedata", "fx", 8));

        clock.set(Instant.parse("2025-03-14T15:10:00.016Z"));

        assertThat(reserve(plain, normal("twelvedata", "commodities", 8)).kind())
                .isEqualTo(Kind.GRANTED);
    }
}
