package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.budget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Projected credits per provider: slots x batches x cost, against the limits, the target and the stagger. */
class BudgetPlanTest {

    private static final Map<String, Budget> TWELVE =
            Map.of("twelvedata", budget("twelvedata", "per-symbol", 8, 800, null));

    private static BudgetPlan.ProviderPlan only(BudgetPlan plan) {
        assertThat(plan.providers()).hasSize(1);
        return plan.providers().get(0);
    }

    @Test
    void shouldPlanTheIssuesWorkedExampleOverTarget() {
        BudgetPlan plan = BudgetPlan.compute(
                List.of(
                        new Demand("fx", "twelvedata", 8, List.of(0, 30), 120),
                        new Demand("crypto", "twelvedata", 8, List.of(20, 50), 120)),
                TWELVE,
                0.5);

        BudgetPlan.ProviderPlan p = only(plan);
        assertThat(p.feeds())
                .extracting(
                        BudgetPlan.FeedPlan::feed,
                        BudgetPlan.FeedPlan::slotsPerDay,
                        BudgetPlan.FeedPlan::batchesPerSlot,
                        BudgetPlan.FeedPlan::creditsPerSlot,
                        BudgetPlan.FeedPlan::creditsPerDay)
                .containsExactly(tuple("fx", 48, 1, 8, 384L), tuple("crypto", 48, 1, 8, 384L));
        assertThat(p.creditsPerDay()).isEqualTo(768);
        assertThat(p.usedFraction()).containsEntry("day", 0.96);
        assertThat(p.limits()).containsEntry("day", 800).containsEntry("minute", 8);
        assertThat(p.status()).isEqualTo(PlanVerdict.OVER_TARGET);
        assertThat(p.overcommitted()).isFalse();
        assertThat(p.problems())
                .singleElement()
                .asString()
                .contains("768")
                .contains("96.0 %")
                .contains("50.0 %");
        assertThat(plan.overLimit()).isEmpty();
    }

    @Test
    void aChainsFallbackIsShownWithWhatItWouldCost_apartFromTheTotals() {
        Map<String, Budget> budgets = Map.of(
                "binance", budget("binance", "weight:2", 6000, null, null),
                "kraken", budget("kraken", "per-call", 15, null, null),
                "twelvedata", budget("twelvedata", "per-symbol", 8, 800, null));
        BudgetPlan plan = BudgetPlan.fit(
                List.of(new Demand("crypto", "binance", 8, List.of(20, 50), 20)),
                List.of(
                        new Demand("crypto", "kraken", 8, List.of(20, 50), 100),
                        new Demand("crypto", "twelvedata", 16, List.of(20, 50), 120)),
                budgets,
                0.5,
                0.9,
                io.quotegate.market.Markets.alwaysOpenEverywhere(),
                java.time.Instant.parse("2030-01-01T00:00:00Z"),
                false);

        assertThat(plan.providers())
                .extracting(BudgetPlan.ProviderPlan::provider)
                .containsExactly("binance", "kraken", "twelvedata");
        BudgetPlan.ProviderPlan kraken = plan.providers().get(1);
        assertThat(kraken.feeds()).as("nothing planned on a fallback").isEmpty();
        assertThat(kraken.creditsPerDay()).isZero();
        assertThat(kraken.standby()).singleElement().satisfies(f -> {
            assertThat(f.feed()).isEqualTo("crypto");
            assertThat(f.creditsPerDay()).as("one call a slot, 48 slots").isEqualTo(48);
            assertThat(f.why()).contains("fallback").endsWith("ok");
        });
        assertThat(plan.providers().get(2).standby().get(0).why())
                .as("16 symbols a slot all day would be 768 of Twelve Data's 800, over the target")
                .endsWith("over-target");
        assertThat(plan.fits()).isTrue();
    }

    @Test
    void shouldFlagTheDemoDefaultOverTheDayLimit() {
        BudgetPlan plan = BudgetPlan.compute(
                List.of(
                        new Demand("fx", "demo", 8, List.of(0, 30), 120),
                        new Demand("indices", "demo", 16, List.of(5, 35), 120),
                        new Demand("crypto", "demo", 8, List.of(20, 50), 120),
                        new Demand("commodities", "demo", 8, List.of(10, 40), 120)),
                Map.of("demo", budget("demo", "per-symbol", 8, 800, null)),
                0.5);

        BudgetPlan.ProviderPlan p = only(plan);
        BudgetPlan.FeedPlan indices = p.feeds().get(1);
        assertThat(indices.feed()).isEqualTo("indices");
        assertThat(indices.batchesPerSlot()).isEqualTo(2);
        assertThat(indices.minutesPerSlot()).isEqualTo(2);
        assertThat(indices.creditsPerDay()).isEqualTo(768);
        assertThat(p.creditsPerDay()).isEqualTo(1920);
        assertThat(p.status()).isEqualTo(PlanVerdict.OVER_LIMIT);
        assertThat(plan.overLimit())
                .extracting(BudgetPlan.ProviderPlan::provider)
                .containsExactly("demo");
        assertThat(p.problems())
                .singleElement()
                .asString()
                .contains("1920")
                .contains("day")
                .contains("800")
                .contains("indices")
                .contains("commodities");
    }

    @Test
    void shouldFlagPerCallProviderOverItsMonthLimit() {
        BudgetPlan plan = BudgetPlan.compute(
                List.of(new Demand("indices", "marketstack", 16, List.of(5, 35), 100)),
                Map.of("marketstack", budget("marketstack", "per-call", null, null, 100)),
                0.5);

        BudgetPlan.ProviderPlan p = only(plan);
        assertThat(p.cost()).isEqualTo("per-call");
        assertThat(p.feeds().get(0).batchesPerSlot()).isEqualTo(1);
        assertThat(p.creditsPerDay()).isEqualTo(48);
        assertThat(p.creditsPerMonth()).isEqualTo(1488);
        assertThat(p.limits()).containsOnlyKeys("month");
        assertThat(p.status()).isEqualTo(PlanVerdict.OVER_LIMIT);
        assertThat(p.problems())
                .singleElement()
                .asString()
                .contains("1488")
                .contains("month")
                .contains("indices");
    }

    @Test
    void shouldReportStaggerProblemWhenTwoFeedsShareAMinuteOverThePerMinuteLimit() {
        BudgetPlan plan = BudgetPlan.compute(
                List.of(
                        new Demand("fx", "twelvedata", 8, List.of(0, 30), 120),
                        new Demand("crypto", "twelvedata", 8, List.of(0, 30), 120)),
                TWELVE,
                0.99);

        BudgetPlan.ProviderPlan p = only(plan);
        assertThat(p.status()).isEqualTo(PlanVerdict.OK);
        assertThat(p.problems()).hasSize(2);
        assertThat(p.problems().get(0).sentence())
                .contains("[fx, crypto]")
                .contains("minute 0 ")
                .contains("16")
                .contains("per-minute limit of 8");
        assertThat(p.problems().get(1).sentence()).contains("minute 30 ");
    }

    @Test
    void shouldCountMultiMinuteSlotsAcrossTheHourBoundaryForTheStagger() {
        BudgetPlan plan = BudgetPlan.compute(
                List.of(
                        new Demand("indices", "twelvedata", 16, List.of(59), 120),
                        new Demand("fx", "twelvedata", 8, List.of(0), 120)),
                TWELVE,
                0.99);

        assertThat(only(plan).problems())
                .singleElement()
                .asString()
                .contains("[indices, fx]")
                .contains("minute 0 ")
                .contains("16");
    }

    @Test
    void shouldReportNoStaggerProblemWhenSlotsAreStaggered() {
        BudgetPlan plan = BudgetPlan.compute(
                List.of(
                        new Demand("fx", "twelvedata", 4, List.of(0), 120),
                        new Demand("crypto", "twelvedata", 4, List.of(0), 120),
                        new Demand("commodities", "twelvedata", 8, List.of(1), 120)),
                TWELVE,
                0.99);

        assertThat(only(plan).problems()).isEmpty();
    }

    @Test
    void shouldSplitByMaxBatchWhenItIsSmallerThanThePerMinuteLimit() {
        BudgetPlan plan = BudgetPlan.compute(List.of(new Demand("fx", "twelvedata", 8, List.of(0), 5)), TWELVE, 0.5);

        BudgetPlan.FeedPlan fx = only(plan).feeds().get(0);
        assertThat(fx.batchesPerSlot()).isEqualTo(2);
        assertThat(fx.creditsPerSlot()).isEqualTo(8);
        assertThat(fx.minutesPerSlot()).isEqualTo(1);
        assertThat(fx.slotsPerDay()).isEqualTo(24);
    }

    @Test
    void shouldSkipProvidersWithoutBudgetAndListFeedsInTheTable() {
        BudgetPlan plan = BudgetPlan.compute(
                List.of(
                        new Demand("fx", "twelvedata", 8, List.of(0, 30), 120),
                        new Demand("fx", "frankfurter-unbudgeted", 8, List.of(0, 30), 120)),
                TWELVE,
                0.5);

        assertThat(plan.providers())
                .extracting(BudgetPlan.ProviderPlan::provider)
                .containsExactly("twelvedata");
        assertThat(plan.target()).isEqualTo(0.5);
        assertThat(plan.table()).contains("twelvedata").contains("384").contains("ok");
    }
}
