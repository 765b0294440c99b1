package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.budget;
import static io.quotegate.budget.LedgerFixture.critical;
import static io.quotegate.budget.LedgerFixture.normal;
import static io.quotegate.budget.LedgerFixture.reserve;
import static io.quotegate.budget.LedgerFixture.twelveData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quotegate.budget.Decision.Kind;
import io.quotegate.model.Purpose;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** warn-at 0.7, degrade-at 0.9, critical-only-at 0.95 and what the ledger does at each state. */
class ThresholdsStateTest extends LedgerContract {

    private final MutableClock clock = MutableClock.at("2025-06-30T08:41:13.007Z");
    /** 100 a day and no minute limit, so the day fills without moving the clock. */
    private final Ledger ledger = ledger(clock, SlotUnit.MINUTES, budget("p", "per-symbol", null, 100, null));

    private ProviderState stateAfterSpending(int credits) {
        assertThat(reserve(ledger, critical("p", "fx", credits)).kind()).isEqualTo(Kind.GRANTED);
        return ledger.usage("p").state();
    }

    @Test
    void shouldMoveThroughStatesAsTheDayFills() {
        assertThat(ledger.usage("p").state()).isEqualTo(ProviderState.OK);
        assertThat(stateAfterSpending(69)).isEqualTo(ProviderState.OK);
        assertThat(stateAfterSpending(1)).isEqualTo(ProviderState.WARN);
        assertThat(stateAfterSpending(19)).isEqualTo(ProviderState.WARN);
        assertThat(stateAfterSpending(1)).isEqualTo(ProviderState.DEGRADED);
        assertThat(stateAfterSpending(4)).isEqualTo(ProviderState.DEGRADED);
        assertThat(stateAfterSpending(1)).isEqualTo(ProviderState.CRITICAL);
        assertThat(stateAfterSpending(4)).isEqualTo(ProviderState.CRITICAL);
        assertThat(stateAfterSpending(1)).isEqualTo(ProviderState.EXHAUSTED);
    }

    @Test
    void shouldDenyNormalAndGrantCriticalSpendAtCritical() {
        stateAfterSpending(95);

        Decision normal = reserve(ledger, normal("p", "crypto", 1));
        Decision critical = reserve(ledger, critical("p", "fx", 1));

        assertThat(normal.kind()).isEqualTo(Kind.DENIED);
        assertThat(normal.reason()).contains("critical");
        assertThat(critical.kind()).isEqualTo(Kind.GRANTED);
        assertThat(ledger.usage("p").used(Window.DAY)).isEqualTo(96);
    }

    @Test
    void shouldGrantANormalFeedsWarmUpAtCriticalWithinTheHardLimits() {
        stateAfterSpending(95);

        Decision warmUp =
                reserve(ledger, new Spend("p", "crypto", io.quotegate.model.Priority.NORMAL, 4, Purpose.WARM_UP));
        Decision slot = reserve(ledger, normal("p", "crypto", 1));
        Decision overLimit =
                reserve(ledger, new Spend("p", "indices", io.quotegate.model.Priority.NORMAL, 2, Purpose.WARM_UP));

        assertThat(warmUp.kind())
                .as("a feed without a snapshot may start, whatever the state")
                .isEqualTo(Kind.GRANTED);
        assertThat(slot.kind()).isEqualTo(Kind.DENIED);
        assertThat(overLimit.kind()).as("but never past the day limit").isEqualTo(Kind.DENIED);
        assertThat(ledger.usage("p").used(Window.DAY)).isEqualTo(99);
    }

    @Test
    void shouldStillGrantNormalSpendJustBelowCritical() {
        stateAfterSpending(94);

        assertThat(reserve(ledger, normal("p", "crypto", 1)).kind()).isEqualTo(Kind.GRANTED);
        assertThat(reserve(ledger, normal("p", "crypto", 1)).kind()).isEqualTo(Kind.DENIED);
    }

    @Test
    void shouldGradeByTheFullestOfDayAndMonth() {
        Ledger monthly = ledger(clock, SlotUnit.MINUTES, budget("m", "per-call", null, 1000, 100));
        reserve(monthly, critical("m", "indices", 90));

        assertThat(monthly.usage("m").state()).isEqualTo(ProviderState.DEGRADED);
    }

    @Test
    void shouldIgnoreTheMinuteWindowForState() {
        Ledger td = ledger(clock, SlotUnit.MINUTES, twelveData());
        reserve(td, normal("twelvedata", "fx", 8));

        assertThat(td.usage("twelvedata").used(Window.MINUTE)).isEqualTo(8);
        assertThat(td.usage("twelvedata").state()).isEqualTo(ProviderState.OK);
    }

    @Test
    void shouldMapFractionsToStatesAtExactThresholds() {
        Thresholds t = Thresholds.defaults();

        assertThat(t.target()).isEqualTo(0.5);
        assertThat(t.stateFor(0.0)).isEqualTo(ProviderState.OK);
        assertThat(t.stateFor(0.6999)).isEqualTo(ProviderState.OK);
        assertThat(t.stateFor(0.7)).isEqualTo(ProviderState.WARN);
        assertThat(t.stateFor(0.9)).isEqualTo(ProviderState.DEGRADED);
        assertThat(t.stateFor(0.95)).isEqualTo(ProviderState.CRITICAL);
        assertThat(t.stateFor(1.0)).isEqualTo(ProviderState.EXHAUSTED);
        assertThat(ProviderState.DEGRADED.label()).isEqualTo("degraded");
        assertThat(ProviderState.EXHAUSTED.level()).isEqualTo(4);
    }

    @Test
    void shouldRejectThresholdsOutOfOrder() {
        assertThatThrownBy(() -> new Thresholds(0.5, 0.9, 0.7, 0.95))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warn-at <= degrade-at <= critical-only-at");
        assertThatThrownBy(() -> new Thresholds(0.5, 0.7, 0.9, 1.2)).isInstanceOf(IllegalArgumentException.class);
    }
}
