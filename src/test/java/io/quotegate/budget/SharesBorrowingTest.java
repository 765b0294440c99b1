package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.budget;
import static io.quotegate.budget.LedgerFixture.critical;
import static io.quotegate.budget.LedgerFixture.normal;
import static io.quotegate.budget.LedgerFixture.reserve;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.budget.Decision.Kind;
import io.quotegate.model.Purpose;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Shares with borrowing (see {@link Shares}): fx and crypto each own half of a 100-a-day provider and
 * each slot costs 8. fx is critical, crypto normal.
 */
class SharesBorrowingTest extends LedgerContract {

    private final MutableClock clock = MutableClock.at("2025-03-14T09:17:43.219Z");
    private final Shares halves = new Shares(Map.of("fx", 0.5, "crypto", 0.5), Map.of("fx", 8, "crypto", 8));
    private final Ledger ledger =
            ledger(clock, SlotUnit.MINUTES, Map.of("p", halves), budget("p", "per-symbol", null, 100, null));

    private void granted(Spend spend) {
        assertThat(reserve(ledger, spend).kind()).as("%s", spend).isEqualTo(Kind.GRANTED);
    }

    @Test
    void shouldAlwaysGrantWithinOwnShare() {
        for (int i = 0; i < 6; i++) {
            granted(normal("p", "crypto", 8));
        }
        granted(normal("p", "crypto", 2));

        assertThat(ledger.usage("p").windows().get(Window.DAY).byFeed()).containsEntry("crypto", 50L);
    }

    @Test
    void shouldGrantBorrowingWhileBelowDegradeAndOthersNextSlotIsProtected() {
        granted(normal("p", "crypto", 50));

        granted(normal("p", "crypto", 30)); // 80 used: the other feed's next slot (8) still fits
        granted(normal("p", "crypto", 12)); // 92 = 100 - 8: exactly leaves fx its next slot

        assertThat(ledger.usage("p").used(Window.DAY)).isEqualTo(92);
    }

    @Test
    void aWarmUpIsNotRationedByTheSharesOnlyByTheLimits() {
        granted(normal("p", "crypto", 50));
        granted(normal("p", "crypto", 38)); // 88 used, crypto far past its share
        Spend warmUp = new Spend("p", "crypto", io.quotegate.model.Priority.NORMAL, 5, Purpose.WARM_UP);

        assertThat(reserve(ledger, warmUp).kind()).isEqualTo(Kind.GRANTED);
        assertThat(reserve(ledger, new Spend("p", "crypto", io.quotegate.model.Priority.NORMAL, 8, Purpose.WARM_UP))
                        .kind())
                .as("the hard limit still holds")
                .isEqualTo(Kind.DENIED);
    }

    @Test
    void shouldDenyBorrowThatWouldEatAnotherFeedsNextSlot() {
        granted(normal("p", "crypto", 50));
        granted(normal("p", "crypto", 38)); // 88 used, state warn

        Decision d = reserve(ledger, normal("p", "crypto", 5)); // 93 > 100 - 8

        assertThat(d.kind()).isEqualTo(Kind.DENIED);
        assertThat(d.window()).isEqualTo(Window.DAY);
        assertThat(d.reason()).contains("borrowing").contains("8 credits");
        // the owner reclaims: its next slot is still there
        granted(critical("p", "fx", 8));
        assertThat(ledger.usage("p").used(Window.DAY)).isEqualTo(96);
    }

    @Test
    void shouldDenyBorrowingOnceProviderIsDegraded() {
        granted(normal("p", "crypto", 50));
        granted(critical("p", "fx", 40)); // 90 used: degraded

        Decision d = reserve(ledger, critical("p", "fx", 1)); // fx has 10 left of its own share
        Decision borrow = reserve(ledger, normal("p", "crypto", 1));

        assertThat(ledger.usage("p").state()).isEqualTo(ProviderState.DEGRADED);
        assertThat(d.kind()).isEqualTo(Kind.GRANTED);
        assertThat(borrow.kind()).isEqualTo(Kind.DENIED);
        assertThat(borrow.reason()).contains("no borrowing").contains("degraded");
    }

    @Test
    void shouldProtectOnlyTheSmallerOfUnusedShareAndNextSlotCost() {
        Shares thirds = new Shares(Map.of("fx", 0.3, "crypto", 0.3), Map.of("fx", 8, "crypto", 8));
        Ledger l = ledger(clock, SlotUnit.MINUTES, Map.of("p", thirds), budget("p", "per-symbol", null, 100, null));
        assertThat(reserve(l, critical("p", "fx", 27)).kind()).isEqualTo(Kind.GRANTED); // fx has 3 unused
        assertThat(reserve(l, normal("p", "crypto", 30)).kind()).isEqualTo(Kind.GRANTED); // crypto's own share

        // borrowing up to 100 - 3 = 97; protecting the full next slot (8) would stop at 92
        assertThat(reserve(l, normal("p", "crypto", 40)).kind()).isEqualTo(Kind.GRANTED);
        assertThat(reserve(l, normal("p", "crypto", 1)).kind()).isEqualTo(Kind.DENIED);
        assertThat(l.usage("p").used(Window.DAY)).isEqualTo(97);
    }

    @Test
    void shouldLetCriticalFeedKeepItsShareWhenNormalFeedsAreCutOff() {
        granted(normal("p", "crypto", 50));
        granted(critical("p", "fx", 45)); // 95 used: critical

        Decision normal = reserve(ledger, normal("p", "crypto", 1));
        assertThat(normal.kind()).isEqualTo(Kind.DENIED);
        assertThat(normal.reason()).contains("only critical feeds");

        granted(critical("p", "fx", 5));
        assertThat(ledger.usage("p").windows().get(Window.DAY).byFeed()).isEqualTo(Map.of("fx", 50L, "crypto", 50L));
    }

    @Test
    void shouldDenyCriticalFeedBorrowingAtCritical() {
        granted(critical("p", "fx", 50));
        granted(normal("p", "crypto", 45)); // 95 used

        Decision d = reserve(ledger, critical("p", "fx", 1));

        assertThat(d.kind()).isEqualTo(Kind.DENIED);
        assertThat(d.reason()).contains("fx has used its day share");
    }
}
