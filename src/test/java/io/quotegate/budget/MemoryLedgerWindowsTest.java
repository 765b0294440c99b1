package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.budget;
import static io.quotegate.budget.LedgerFixture.critical;
import static io.quotegate.budget.LedgerFixture.normal;
import static io.quotegate.budget.LedgerFixture.reserve;
import static io.quotegate.budget.LedgerFixture.twelveData;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.budget.Decision.Kind;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Minute, day and month windows of the in-memory ledger, on the real (minutes) time scale. */
class MemoryLedgerWindowsTest extends LedgerContract {

    private final MutableClock clock = MutableClock.at("2025-03-14T15:09:26.535Z");
    private final Ledger ledger = ledger(clock, SlotUnit.MINUTES, twelveData());

    @Test
    void shouldWaitUntilNextMinuteWhenMinuteIsFull() {
        assertThat(reserve(ledger, normal("twelvedata", "fx", 8)).kind()).isEqualTo(Kind.GRANTED);

        Decision second = reserve(ledger, normal("twelvedata", "crypto", 8));

        assertThat(second.kind()).isEqualTo(Kind.WAIT);
        assertThat(second.window()).isEqualTo(Window.MINUTE);
        assertThat(second.delay()).isEqualTo(Duration.ofMillis(33_465));
        assertThat(second.reason()).contains("minute full").contains("used 8 of 8");
        assertThat(ledger.usage("twelvedata").used(Window.MINUTE)).isEqualTo(8);
    }

    @Test
    void shouldGrantWaitingSpendOnceClockCrossesTheMinute() {
        reserve(ledger, normal("twelvedata", "fx", 8));
        Decision waited = reserve(ledger, normal("twelvedata", "crypto", 8));

        clock.advance(waited.delay().minusMillis(1));
        assertThat(reserve(ledger, normal("twelvedata", "crypto", 8)).kind()).isEqualTo(Kind.WAIT);

        clock.advance(Duration.ofMillis(1));
        Decision retried = reserve(ledger, normal("twelvedata", "crypto", 8));

        assertThat(retried.kind()).isEqualTo(Kind.GRANTED);
        Usage usage = ledger.usage("twelvedata");
        assertThat(usage.used(Window.MINUTE)).isEqualTo(8);
        assertThat(usage.used(Window.DAY)).isEqualTo(16);
        assertThat(usage.windows().get(Window.MINUTE).start()).isEqualTo(Instant.parse("2025-03-14T15:10:00Z"));
    }

    @Test
    void shouldGrantWhatStillFitsInTheMinute() {
        reserve(ledger, normal("twelvedata", "fx", 5));

        assertThat(reserve(ledger, normal("twelvedata", "crypto", 4)).kind()).isEqualTo(Kind.WAIT);
        assertThat(reserve(ledger, normal("twelvedata", "crypto", 3)).kind()).isEqualTo(Kind.GRANTED);
        assertThat(ledger.usage("twelvedata").used(Window.MINUTE)).isEqualTo(8);
    }

    @Test
    void shouldDenyCallLargerThanPerMinuteLimitEvenInAnEmptyMinute() {
        Decision d = reserve(ledger, normal("twelvedata", "indices", 9));

        assertThat(d.kind()).isEqualTo(Kind.DENIED);
        assertThat(d.window()).isEqualTo(Window.MINUTE);
        assertThat(d.reason()).contains("9 credits").contains("per-minute limit 8");
        assertThat(ledger.usage("twelvedata").used(Window.DAY)).isZero();
    }

    @Test
    void shouldWaitOnlyUntilMidnightAndStartAFreshDayThere() {
        clock.set(Instant.parse("2025-03-14T23:59:59.900Z"));
        reserve(ledger, normal("twelvedata", "fx", 8));

        Decision d = reserve(ledger, normal("twelvedata", "crypto", 8));
        assertThat(d.kind()).isEqualTo(Kind.WAIT);
        assertThat(d.delay()).isEqualTo(Duration.ofMillis(100));

        clock.advance(d.delay());
        assertThat(reserve(ledger, normal("twelvedata", "crypto", 8)).kind()).isEqualTo(Kind.GRANTED);
        Usage.WindowUsage day = ledger.usage("twelvedata").windows().get(Window.DAY);
        assertThat(day.used()).isEqualTo(8);
        assertThat(day.start()).isEqualTo(Instant.parse("2025-03-15T00:00:00Z"));
        assertThat(day.byFeed()).containsExactly(Map.entry("crypto", 8L));
    }

    @Test
    void shouldDenyWhenDayLimitIsReachedAndResetAtUtcMidnight() {
        clock.set(Instant.parse("2025-03-14T22:10:07.250Z"));
        for (int minute = 0; minute < 100; minute++) {
            assertThat(reserve(ledger, critical("twelvedata", "fx", 8)).kind())
                    .as("minute %d", minute)
                    .isEqualTo(Kind.GRANTED);
            clock.advance(Duration.ofMinutes(1));
        }

        Decision denied = reserve(ledger, critical("twelvedata", "fx", 1));
        assertThat(denied.kind()).isEqualTo(Kind.DENIED);
        assertThat(denied.window()).isEqualTo(Window.DAY);
        assertThat(denied.reason()).contains("day").contains("800");

        clock.set(Instant.parse("2025-03-14T23:59:59.999Z"));
        assertThat(reserve(ledger, critical("twelvedata", "fx", 1)).kind()).isEqualTo(Kind.DENIED);

        clock.advance(Duration.ofMillis(1));
        assertThat(reserve(ledger, critical("twelvedata", "fx", 8)).kind()).isEqualTo(Kind.GRANTED);
        assertThat(ledger.usage("twelvedata").used(Window.DAY)).isEqualTo(8);
    }

    @Test
    void shouldResetMonthWindowOnTheFirstOfTheMonthUtc() {
        MutableClock leap = MutableClock.at("2024-02-29T23:59:59.999Z");
        Ledger monthly = ledger(leap, SlotUnit.MINUTES, budget("marketstack", "per-call", null, null, 100));
        assertThat(reserve(monthly, critical("marketstack", "indices", 60)).kind())
                .isEqualTo(Kind.GRANTED);
        assertThat(reserve(monthly, critical("marketstack", "indices", 40)).kind())
                .isEqualTo(Kind.GRANTED);

        Decision denied = reserve(monthly, critical("marketstack", "indices", 1));
        assertThat(denied.kind()).isEqualTo(Kind.DENIED);
        assertThat(denied.window()).isEqualTo(Window.MONTH);
        assertThat(denied.reason()).contains("month").contains("100");

        leap.advance(Duration.ofMillis(1));
        assertThat(reserve(monthly, critical("marketstack", "indices", 1)).kind())
                .isEqualTo(Kind.GRANTED);
        Usage.WindowUsage month = monthly.usage("marketstack").windows().get(Window.MONTH);
        assertThat(month.used()).isEqualTo(1);
        assertThat(month.start()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
        assertThat(month.end()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
    }

    @Test
    void shouldCountGrantedSpendsPerFeedInUsage() {
        reserve(ledger, normal("twelvedata", "fx", 5));
        reserve(ledger, normal("twelvedata", "crypto", 3));
        reserve(ledger, normal("twelvedata", "crypto", 2)); // waits: not counted

        Usage usage = ledger.usage("twelvedata");
        assertThat(usage.provider()).isEqualTo("twelvedata");
        assertThat(usage.state()).isEqualTo(ProviderState.OK);
        for (Window w : Window.values()) {
            assertThat(usage.windows().get(w).used()).as(w.label()).isEqualTo(8);
            assertThat(usage.windows().get(w).byFeed()).as(w.label()).isEqualTo(Map.of("fx", 5L, "crypto", 3L));
        }
        assertThat(usage.windows().get(Window.MINUTE).limit()).isEqualTo(8);
        assertThat(usage.windows().get(Window.DAY).limit()).isEqualTo(800);
        assertThat(usage.windows().get(Window.MONTH).limit()).isZero();
        assertThat(usage.windows().get(Window.MINUTE).start()).isEqualTo(Instant.parse("2025-03-14T15:09:00Z"));
        assertThat(usage.windows().get(Window.MINUTE).end()).isEqualTo(Instant.parse("2025-03-14T15:10:00Z"));
    }

    @Test
    void shouldRecordRefusalsWithTheirReasonInRecentDecisions() {
        reserve(ledger, normal("twelvedata", "fx", 8));
        reserve(ledger, normal("twelvedata", "crypto", 8));
        reserve(ledger, new Spend("twelvedata", "indices", Priority.NORMAL, 16, Purpose.WARM_UP));

        assertThat(ledger.recentDecisions())
                .extracting(
                        DecisionRecord::feed,
                        DecisionRecord::decision,
                        DecisionRecord::credits,
                        DecisionRecord::purpose)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("fx", "granted", 8, "slot"),
                        org.assertj.core.groups.Tuple.tuple("crypto", "wait", 8, "slot"),
                        org.assertj.core.groups.Tuple.tuple("indices", "denied", 16, "warm-up"));
        DecisionRecord denied = ledger.recentDecisions().get(2);
        assertThat(denied.reason()).contains("per-minute limit 8");
        assertThat(denied.at()).isEqualTo(Instant.parse("2025-03-14T15:09:26.535Z"));
        assertThat(denied.provider()).isEqualTo("twelvedata");
    }

    @Test
    void shouldDenySpendForProviderWithoutBudget() {
        Decision d = reserve(ledger, normal("nosuch", "fx", 1));

        assertThat(d.kind()).isEqualTo(Kind.DENIED);
        assertThat(d.reason()).contains("nosuch");
    }

    @Test
    void shouldNotCountSpendBeforeTheReservationIsSubscribed() {
        var pending = ledger.reserve(normal("twelvedata", "fx", 8));

        assertThat(ledger.usage("twelvedata").used(Window.MINUTE)).isZero();
        assertThat(pending.block()).extracting(Decision::kind).isEqualTo(Kind.GRANTED);
        assertThat(ledger.usage("twelvedata").used(Window.MINUTE)).isEqualTo(8);
    }
}
