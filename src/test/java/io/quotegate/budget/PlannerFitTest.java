package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.budget;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.market.MarketGate;
import io.quotegate.market.Markets;
import io.quotegate.model.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner: market-aware replay, stretching normal feeds to the target, month pacing. */
class PlannerFitTest {

    private static final Instant TUESDAY = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<String> FX =
            List.of("EUR/USD", "GBP/USD", "USD/JPY", "USD/CHF", "AUD/USD", "USD/CAD", "NZD/USD", "EUR/GBP");
    private static final List<String> CRYPTO =
            List.of("BTC/USD", "ETH/USD", "SOL/USD", "BNB/USD", "XRP/USD", "ADA/USD", "DOGE/USD", "AVAX/USD");
    private static final List<String> METALS =
            List.of("XAU/USD", "XAG/USD", "XPT/USD", "XPD/USD", "WTI/USD", "BRENT/USD", "NG/USD", "XCU/USD");
    private static final Map<String, Budget> TWELVE =
            Map.of("twelvedata", budget("twelvedata", "per-symbol", 8, 800, null));

    private static BudgetPlan.FeedPlan feed(BudgetPlan plan, String name) {
        return plan.providers().stream()
                .flatMap(p -> p.feeds().stream())
                .filter(f -> f.feed().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void closedMarketsAreNotPlannedAndWeekendsCostNothing() {
        BudgetPlan plan = BudgetPlan.fit(
                List.of(new Demand("fx", "twelvedata", FX, List.of(0, 30), 120, Priority.CRITICAL)),
                TWELVE,
                0.5,
                0.9,
                Markets.defaults(),
                TUESDAY);
        BudgetPlan.FeedPlan fx = feed(plan, "fx");
        assertThat(fx.creditsPerDay()).isEqualTo(384);
        assertThat(fx.creditsClosedDay()).as("a Saturday: FX is shut all day").isZero();
        // 31 days from Tuesday 2026-12-01: 4 Saturdays and 5 partial days around the weekend closes.
        assertThat(fx.creditsPerMonth()).isLessThan(31 * 384).isGreaterThan(20 * 384);
        assertThat(fx.every()).isEqualTo(1);
    }

    @Test
    void normalFeedsAreStretchedUntilThePlanFitsAndCriticalFeedsKeepTheirSlots() {
        BudgetPlan plan = BudgetPlan.fit(
                List.of(
                        new Demand("fx", "twelvedata", FX, List.of(0), 120, Priority.CRITICAL),
                        new Demand("crypto", "twelvedata", CRYPTO, List.of(20, 50), 120, Priority.NORMAL),
                        new Demand("commodities", "twelvedata", METALS, List.of(10, 40), 120, Priority.NORMAL)),
                TWELVE,
                0.5,
                0.9,
                Markets.defaults(),
                TUESDAY);
        var p = plan.providers().get(0);
        assertThat(feed(plan, "fx").every()).isEqualTo(1);
        assertThat(feed(plan, "crypto").every()).isGreaterThan(1);
        assertThat(feed(plan, "commodities").every()).isGreaterThan(1);
        assertThat(feed(plan, "crypto").why()).contains("stretched to every", "fits 50.0 % of its daily limit");
        assertThat(p.creditsPerDay()).isLessThanOrEqualTo(400);
        assertThat(p.status()).isEqualTo(PlanVerdict.OK);
        assertThat(plan.fits()).isTrue();
        assertThat(plan.every()).containsEntry("fx", 1);
    }

    @Test
    void withoutStretchingTheSamePlanIsOverTarget() {
        List<Demand> demands = List.of(
                new Demand("fx", "twelvedata", FX, List.of(0, 30), 120, Priority.CRITICAL),
                new Demand("crypto", "twelvedata", CRYPTO, List.of(20, 50), 120, Priority.NORMAL));
        BudgetPlan plan = BudgetPlan.fit(demands, TWELVE, 0.5, 0.9, Markets.defaults(), TUESDAY, false);
        assertThat(plan.providers().get(0).status()).isEqualTo(PlanVerdict.OVER_TARGET);
        assertThat(plan.fits()).isFalse();
    }

    @Test
    void criticalFeedsAloneOverTheLimitFailNamingProviderFeedsAndNumbers() {
        BudgetPlan plan = BudgetPlan.fit(
                List.of(
                        new Demand("fx", "twelvedata", FX, List.of(0, 12, 24, 36, 48), 120, Priority.CRITICAL),
                        new Demand("crypto", "twelvedata", CRYPTO, List.of(20, 50), 120, Priority.NORMAL)),
                TWELVE,
                0.5,
                0.9,
                Markets.defaults(),
                TUESDAY);
        assertThat(plan.overLimit()).hasSize(1);
        assertThat(plan.overLimit().get(0).problems().get(0).sentence())
                .contains(
                        "twelvedata",
                        "968 credits per day",
                        "[fx, crypto]",
                        "exceed the limit of 800",
                        "fx (critical) every slot, 960/day",
                        "crypto (normal) every 48th slot, 8/day");
    }

    @Test
    void aMonthlyLimitIsPacedOverTheTradingDaysSoTheMonthNeverRunsDry() {
        // Marketstack-like: 1 request per symbol, 100 a month, 4 end-of-day US symbols every 30 minutes.
        Map<String, Budget> marketstack = Map.of("marketstack", budget("marketstack", "per-symbol", null, null, 100));
        List<String> us = List.of("SPX", "NDX", "DJI", "RUT");
        BudgetPlan plan = BudgetPlan.fit(
                List.of(new Demand("indices", "marketstack", us, List.of(5, 35), 100, Priority.NORMAL)),
                marketstack,
                0.5,
                0.9,
                Markets.defaults(),
                TUESDAY);
        BudgetPlan.FeedPlan indices = feed(plan, "indices");
        assertThat(indices.creditsPerMonth()).isLessThanOrEqualTo(50);
        // Replay the fitted cadence day by day over the 31 days: spending never passes the limit, and it is
        // spread over the window (the last week still refreshes) instead of spent in the first days.
        PlanSimulation sim = new PlanSimulation(Markets.defaults(), TUESDAY);
        PlanSimulation.Result r = sim.run(
                new Demand("indices", "marketstack", us, List.of(5, 35), 100, Priority.NORMAL),
                marketstack.get("marketstack"),
                indices.every());
        long running = 0;
        for (long c : r.creditsPerDay()) {
            running += c;
            assertThat(running).isLessThanOrEqualTo(100);
        }
        long lastWeek = 0;
        for (int d = 24; d < 31; d++) {
            lastWeek += r.creditsPerDay()[d];
        }
        assertThat(lastWeek).as("the window's last week still refreshes").isPositive();
        assertThat(running).isEqualTo(indices.creditsPerMonth());
    }

    @Test
    void theStretchKeepsTheSlotMinutes() {
        // every 3rd of [5, 35]: due slots are still at :05 or :35.
        Instant t = Instant.parse("2026-12-01T00:05:00Z");
        for (int i = 0; i < 12; i++) {
            Instant slot = t.plus(Duration.ofMinutes(30L * i));
            if (MarketGate.due(List.of(5, 35), 3, slot)) {
                assertThat(slot.atZone(java.time.ZoneOffset.UTC).getMinute()).isIn(5, 35);
            }
        }
    }
}
