package io.quotegate.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.budget.Budget;
import io.quotegate.budget.BudgetPlan;
import io.quotegate.budget.CostModel;
import io.quotegate.budget.Demand;
import io.quotegate.budget.LedgerStore;
import io.quotegate.budget.MemoryLedger;
import io.quotegate.budget.Thresholds;
import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.SpareRefresh;
import io.quotegate.model.Priority;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The Quartz jobs: every feed keeps its slot trigger; a critical feed gets a spare trigger only when spare is on. */
class QuartzSchedulingJobsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-07T10:00:00Z"));
    private final Feed fx = new Feed(
            "fx", List.of("EUR/USD"), List.of(0, 30), Duration.ofMinutes(30), List.of("demo"), Priority.CRITICAL);
    private final Feed crypto = new Feed(
            "crypto", List.of("BTC/USD"), List.of(20, 50), Duration.ofMinutes(30), List.of("demo"), Priority.NORMAL);
    private final FeedCatalog feeds = new FeedCatalog(List.of(fx, crypto));
    private final Map<String, Budget> budgets =
            Map.of("demo", new Budget("demo", CostModel.parse("per-symbol"), Map.of(Window.DAY, 800)));

    private SpareRefresh spare(boolean enabled) {
        return new SpareRefresh(
                feeds,
                (feed, purpose) -> Mono.empty(),
                new MemoryLedger(
                        budgets,
                        Map.of(),
                        Thresholds.defaults(),
                        clock,
                        TimeScale.of(SlotUnit.MINUTES),
                        LedgerStore.NONE),
                budgets,
                BudgetPlan.compute(
                        List.of(
                                new Demand("fx", "demo", fx.symbols(), fx.slots(), 100, Priority.CRITICAL),
                                new Demand("crypto", "demo", crypto.symbols(), crypto.slots(), 100, Priority.NORMAL)),
                        budgets,
                        0.5),
                new SpareRefresh.Settings(enabled, 0.75, 0.5),
                TimeScale.of(SlotUnit.MINUTES),
                clock,
                new SimpleMeterRegistry());
    }

    @Test
    void withSpareOnTheCriticalFeedHasASpareTriggerBetweenItsSlots() {
        List<QuartzJobs.Planned> jobs =
                QuartzJobs.of(feeds, spare(true), new SlotSchedule(SlotUnit.MINUTES, ZoneOffset.UTC));

        assertThat(jobs)
                .extracting(QuartzJobs.Planned::trigger, QuartzJobs.Planned::cron)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("slots-fx", "0 0,30 * * * ?"),
                        org.assertj.core.groups.Tuple.tuple("spare-slots-fx", "0 15,45 * * * ?"),
                        org.assertj.core.groups.Tuple.tuple("slots-crypto", "0 20,50 * * * ?"),
                        org.assertj.core.groups.Tuple.tuple("spare-slots-crypto", null));
        assertThat(jobs.get(1).type()).isEqualTo(SpareJob.class);
        assertThat(jobs.get(0).type()).isEqualTo(RefreshJob.class);
    }

    @Test
    void inSecondsModeTheSpareInstantsAreSecondsOfEachMinute() {
        List<QuartzJobs.Planned> jobs =
                QuartzJobs.of(feeds, spare(true), new SlotSchedule(SlotUnit.SECONDS, ZoneOffset.UTC));

        assertThat(jobs.get(1).cron()).isEqualTo("15,45 * * * * ?");
    }

    @Test
    void withSpareOffOnlyTheSlotTriggersExistAndLeftoverSpareJobsAreRemoved() {
        List<QuartzJobs.Planned> jobs =
                QuartzJobs.of(feeds, spare(false), new SlotSchedule(SlotUnit.MINUTES, ZoneOffset.UTC));

        assertThat(jobs)
                .filteredOn(j -> j.cron() != null)
                .extracting(QuartzJobs.Planned::trigger)
                .containsExactly("slots-fx", "slots-crypto");
        assertThat(jobs)
                .filteredOn(j -> j.cron() == null)
                .extracting(QuartzJobs.Planned::job)
                .containsExactly("spare-fx", "spare-crypto");
    }
}
