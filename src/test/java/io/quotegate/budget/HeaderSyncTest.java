package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.budget;
import static io.quotegate.budget.LedgerFixture.normal;
import static io.quotegate.budget.LedgerFixture.reserve;
import static io.quotegate.budget.LedgerFixture.twelveData;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.budget.Decision.Kind;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/** reconcile(): a provider-reported usage higher than ours raises our count; lower never lowers it. */
class HeaderSyncTest extends LedgerContract {

    private final MutableClock clock = MutableClock.at("2025-03-14T11:27:52.381Z");
    private final Ledger ledger =
            ledger(clock, SlotUnit.MINUTES, twelveData(), budget("coingecko", "per-call", 30, null, 10_000));

    private void reconcile(String provider, ReportedUsage usage) {
        StepVerifier.create(ledger.reconcile(provider, usage)).verifyComplete();
    }

    @Test
    void shouldRaiseCountWhenProviderReportsMore() {
        reserve(ledger, normal("twelvedata", "fx", 3));

        reconcile("twelvedata", ReportedUsage.of(Window.DAY, 500));

        Usage.WindowUsage day = ledger.usage("twelvedata").windows().get(Window.DAY);
        assertThat(day.used()).isEqualTo(500);
        assertThat(day.byFeed()).containsEntry("fx", 3L);
    }

    @Test
    void shouldNeverLowerCountWhenProviderReportsLess() {
        reserve(ledger, normal("twelvedata", "fx", 5));

        reconcile("twelvedata", ReportedUsage.of(Window.MINUTE, 1));
        reconcile("twelvedata", ReportedUsage.of(Window.DAY, 2));

        assertThat(ledger.usage("twelvedata").used(Window.MINUTE)).isEqualTo(5);
        assertThat(ledger.usage("twelvedata").used(Window.DAY)).isEqualTo(5);
        assertThat(ledger.recentDecisions()).extracting(DecisionRecord::purpose).doesNotContain("header-sync");
    }

    @Test
    void shouldRecordRaiseInRecentDecisions() {
        reserve(ledger, normal("twelvedata", "fx", 3));

        reconcile("twelvedata", ReportedUsage.of(Window.MINUTE, 7));

        DecisionRecord last =
                ledger.recentDecisions().get(ledger.recentDecisions().size() - 1);
        assertThat(last.provider()).isEqualTo("twelvedata");
        assertThat(last.purpose()).isEqualTo("header-sync");
        assertThat(last.decision()).isEqualTo("raised");
        assertThat(last.credits()).isEqualTo(4);
        assertThat(last.reason()).contains("minute").contains("from 3 to 7");
        assertThat(last.at()).isEqualTo(Instant.parse("2025-03-14T11:27:52.381Z"));
    }

    @Test
    void shouldMakeSpendWaitWhenProviderReportsTheMinuteFull() {
        reconcile("twelvedata", ReportedUsage.of(Window.MINUTE, 8));

        Decision d = reserve(ledger, normal("twelvedata", "fx", 1));

        assertThat(d.kind()).isEqualTo(Kind.WAIT);
        assertThat(d.reason()).contains("used 8 of 8");
    }

    @Test
    void shouldIgnoreEqualEmptyOrUnknownProviderReports() {
        reserve(ledger, normal("twelvedata", "fx", 4));
        int before = ledger.recentDecisions().size();

        reconcile("twelvedata", ReportedUsage.of(Window.MINUTE, 4));
        reconcile("twelvedata", ReportedUsage.NONE);
        reconcile("nosuch", ReportedUsage.of(Window.DAY, 99));

        assertThat(ledger.recentDecisions()).hasSize(before);
        assertThat(ledger.usage("twelvedata").used(Window.MINUTE)).isEqualTo(4);
    }

    @Test
    void shouldRaiseEachReportedWindowOfTheReportingProviderOnly() {
        reconcile("coingecko", new ReportedUsage(Map.of(Window.MINUTE, 12L, Window.MONTH, 4_000L)));

        assertThat(ledger.usage("coingecko").used(Window.MINUTE)).isEqualTo(12);
        assertThat(ledger.usage("coingecko").used(Window.MONTH)).isEqualTo(4_000);
        assertThat(ledger.usage("twelvedata").used(Window.MINUTE)).isZero();
    }

    @Test
    void shouldRaiseEnclosingWindowsWhenProviderReportsMoreForTheMinute() {
        reserve(ledger, normal("twelvedata", "fx", 3));

        reconcile("twelvedata", ReportedUsage.of(Window.MINUTE, 8));

        Usage usage = ledger.usage("twelvedata");
        assertThat(usage.used(Window.MINUTE)).isEqualTo(8);
        assertThat(usage.used(Window.DAY)).isEqualTo(8);
        assertThat(usage.used(Window.MONTH)).isEqualTo(8);
    }

    @Test
    void shouldKeepMonthAtLeastDayAfterDayReport() {
        reserve(ledger, normal("coingecko", "crypto", 3));

        reconcile("coingecko", ReportedUsage.of(Window.DAY, 500));

        Usage usage = ledger.usage("coingecko");
        assertThat(usage.used(Window.DAY)).isEqualTo(500);
        assertThat(usage.used(Window.MONTH)).isGreaterThanOrEqualTo(500);
    }
}
