package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.normal;
import static io.quotegate.budget.LedgerFixture.reserve;
import static io.quotegate.budget.LedgerFixture.twelveData;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.budget.Decision.Kind;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The compressed seconds mode: a real second is a model minute, a model day 24 real minutes. */
class MemoryLedgerSecondsModeTest extends LedgerContract {

    private final MutableClock clock = MutableClock.at("2025-03-14T15:09:26.535Z");
    private final Ledger ledger = ledger(clock, SlotUnit.SECONDS, twelveData());

    @Test
    void shouldWaitLessThanOneRealSecondWhenModelMinuteIsFull() {
        reserve(ledger, normal("twelvedata", "fx", 8));

        Decision d = reserve(ledger, normal("twelvedata", "crypto", 8));

        assertThat(d.kind()).isEqualTo(Kind.WAIT);
        assertThat(d.delay()).isEqualTo(Duration.ofMillis(465)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void shouldGrantAfterOneRealSecond() {
        reserve(ledger, normal("twelvedata", "fx", 8));
        reserve(ledger, normal("twelvedata", "crypto", 8));

        clock.advance(Duration.ofSeconds(1));

        assertThat(reserve(ledger, normal("twelvedata", "crypto", 8)).kind()).isEqualTo(Kind.GRANTED);
        assertThat(ledger.usage("twelvedata").used(Window.DAY)).isEqualTo(16);
    }

    @Test
    void shouldReportWindowBoundsAsRealInstants() {
        reserve(ledger, normal("twelvedata", "fx", 3));

        Usage usage = ledger.usage("twelvedata");

        Usage.WindowUsage minute = usage.windows().get(Window.MINUTE);
        assertThat(minute.start()).isEqualTo(Instant.parse("2025-03-14T15:09:26Z"));
        assertThat(minute.end()).isEqualTo(Instant.parse("2025-03-14T15:09:27Z"));
        // model midnights fall on real multiples of 24 minutes: 15:09 lies in [14:48, 15:12)
        Usage.WindowUsage day = usage.windows().get(Window.DAY);
        assertThat(day.start()).isEqualTo(Instant.parse("2025-03-14T14:48:00Z"));
        assertThat(day.end()).isEqualTo(Instant.parse("2025-03-14T15:12:00Z"));
        assertThat(day.used()).isEqualTo(3);
        Usage.WindowUsage month = usage.windows().get(Window.MONTH);
        assertThat(month.start())
                .isBetween(Instant.parse("2025-03-13T00:00:00Z"), Instant.parse("2025-03-14T15:09:26Z"));
        assertThat(Duration.between(month.start(), month.end()))
                .isBetween(Duration.ofMinutes(28 * 24), Duration.ofMinutes(31 * 24));
    }

    @Test
    void shouldStampDecisionsWithRealTime() {
        reserve(ledger, normal("twelvedata", "fx", 8));
        reserve(ledger, normal("twelvedata", "crypto", 8));

        assertThat(ledger.recentDecisions())
                .extracting(DecisionRecord::at)
                .containsOnly(Instant.parse("2025-03-14T15:09:26.535Z"));
    }

    @Test
    void shouldResetModelDayAfterTwentyFourRealMinutes() {
        clock.set(Instant.parse("2025-03-14T15:11:59.500Z"));
        reserve(ledger, normal("twelvedata", "fx", 8));
        assertThat(ledger.usage("twelvedata").used(Window.DAY)).isEqualTo(8);

        clock.advance(Duration.ofMillis(500));

        Usage.WindowUsage day = ledger.usage("twelvedata").windows().get(Window.DAY);
        assertThat(day.used()).isZero();
        assertThat(day.start()).isEqualTo(Instant.parse("2025-03-14T15:12:00Z"));
    }
}
