package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.quotegate.budget.Budget;
import io.quotegate.budget.BudgetPlan;
import io.quotegate.budget.DecisionRecord;
import io.quotegate.budget.Demand;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Spare refreshes in virtual time, through the real refresher and ledger: fx (critical, slots :00 and :30)
 * and crypto (normal, :20 and :50) share one provider of 1,700 credits a day, target 50 % (850); a slot of
 * either costs 8, so the planned day is 768 and 82 credits are left to spare.
 */
class SpareRefreshTest {

    private static final List<String> EIGHT =
            IntStream.rangeClosed(1, 8).mapToObj(i -> "S" + i + "/USD").toList();
    private static final Instant DAY = Instant.parse("2030-01-08T00:00:00Z");
    private static final double TARGET = 0.5;
    private static final int PER_DAY = 1700;

    private final Feed fx =
            new Feed("fx", EIGHT, List.of(0, 30), Duration.ofMinutes(30), List.of("td"), Priority.CRITICAL);
    private final Feed crypto =
            new Feed("crypto", EIGHT, List.of(20, 50), Duration.ofMinutes(30), List.of("td"), Priority.NORMAL);
    private final Budget td = budget("td", "per-symbol", 60, PER_DAY, null);
    private final RefreshRig rig =
            RefreshRig.builder().feed(fx).feed(crypto).provider(td).build();
    private final BudgetPlan plan = BudgetPlan.compute(
            List.of(
                    new Demand("fx", "td", EIGHT, fx.slots(), 100, Priority.CRITICAL),
                    new Demand("crypto", "td", EIGHT, crypto.slots(), 100, Priority.NORMAL)),
            Map.of("td", td),
            TARGET);

    private SpareRefresh spare(boolean enabled) {
        return new SpareRefresh(
                rig.feeds,
                rig.refresher::refresh,
                rig.ledger,
                Map.of("td", td),
                plan,
                new SpareRefresh.Settings(enabled, 0.75, TARGET),
                TimeScale.of(SlotUnit.MINUTES),
                rig.clock,
                rig.meters);
    }

    private static boolean run(SpareRefresh spare, String feed) {
        AtomicReference<Boolean> out = new AtomicReference<>();
        spare.run(feed).subscribe(out::set);
        assertThat(out.get())
                .as("the spare refresh of %s finished without time passing", feed)
                .isNotNull();
        return out.get();
    }

    private double counted(String feed, String outcome) {
        Counter c = rig.meters
                .find("quotegate.spare.refreshes")
                .tag("feed", feed)
                .tag("outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void theCriticalFeedGetsAnInstantBetweenItsSlotsAndTheNormalFeedNone() {
        SpareRefresh spare = spare(true);

        assertThat(spare.instants()).containsOnlyKeys("fx");
        assertThat(spare.instants().get("fx")).containsExactly(15, 45);
        assertThat(rig.meters
                        .find("quotegate.spare.refreshes")
                        .tag("feed", "fx")
                        .counters())
                .as("scraped at 0 before the first instant")
                .hasSize(2);
        assertThat(rig.meters
                        .find("quotegate.spare.refreshes")
                        .tag("feed", "crypto")
                        .counters())
                .isEmpty();
    }

    @Test
    void earlyInTheDayNoSpareRefreshRuns() {
        SpareRefresh spare = spare(true);
        rig.clock.advanceTo(DAY.plus(Duration.ofHours(10).plusMinutes(15)));

        assertThat(run(spare, "fx")).isFalse();

        assertThat(rig.adapter("td").callCount()).isZero();
        assertThat(rig.used("td", Window.DAY)).isZero();
        assertThat(spare.view().feeds().get("fx").last()).startsWith("too early");
        assertThat(spare.view().feeds().get("fx").refused()).isEqualTo(1);
        assertThat(counted("fx", "refused")).isEqualTo(1);
    }

    @Test
    void lateInTheDayWithSpareCreditsTheCriticalFeedRefreshesThroughTheRefresher() {
        SpareRefresh spare = spare(true);
        rig.clock.advanceTo(DAY.plus(Duration.ofHours(20)));
        rig.refreshNow("fx");
        long before = rig.used("td", Window.DAY);
        rig.clock.advanceTo(DAY.plus(Duration.ofHours(20).plusMinutes(15)));

        assertThat(run(spare, "fx")).isTrue();

        assertThat(rig.used("td", Window.DAY)).isEqualTo(before + 8);
        assertThat(rig.report("fx").purpose()).isEqualTo(Purpose.SPARE);
        assertThat(rig.ledger.recentDecisions())
                .last()
                .extracting(DecisionRecord::purpose, DecisionRecord::decision)
                .containsExactly("spare", "granted");
        assertThat(spare.view().feeds().get("fx").allowed()).isEqualTo(1);
        assertThat(counted("fx", "allowed")).isEqualTo(1);
    }

    @Test
    void aNormalPriorityFeedNeverGetsASpareRefresh() {
        SpareRefresh spare = spare(true);
        rig.clock.advanceTo(DAY.plus(Duration.ofHours(22).plusMinutes(35)));

        assertThat(run(spare, "crypto")).isFalse();

        assertThat(rig.adapter("td").callCount()).isZero();
        assertThat(spare.view().feeds()).doesNotContainKey("crypto");
    }

    @Test
    void switchedOffNothingSpareRuns() {
        SpareRefresh spare = spare(false);
        rig.clock.advanceTo(DAY.plus(Duration.ofHours(22).plusMinutes(15)));

        assertThat(run(spare, "fx")).isFalse();

        assertThat(rig.adapter("td").callCount()).isZero();
        assertThat(spare.view().enabled()).isFalse();
    }

    /** A whole day, minute by minute: every slot and every spare instant fired as the scheduler would. */
    @Test
    void aFullDayWithSpareRefreshesEndsAtOrUnderTheTarget() {
        SpareRefresh spare = spare(true);
        int allowed = 0;
        int refused = 0;
        Instant firstSpare = null;
        for (int minute = 0; minute < 24 * 60; minute++) {
            Instant t = DAY.plus(Duration.ofMinutes(minute));
            rig.clock.advanceTo(t);
            int m = minute % 60;
            for (Feed f : rig.feeds.all()) {
                if (f.slots().contains(m)) {
                    rig.refreshNow(f.name());
                }
                if (spare.instants().getOrDefault(f.name(), List.of()).contains(m)) {
                    if (run(spare, f.name())) {
                        allowed++;
                        firstSpare = firstSpare == null ? t : firstSpare;
                    } else {
                        refused++;
                    }
                }
            }
            assertThat(rig.used("td", Window.DAY)).as("at %s", t).isLessThanOrEqualTo((long) (TARGET * PER_DAY));
        }
        rig.clock.advanceTo(DAY.plus(Duration.ofHours(23).plusMinutes(59).plusSeconds(59)));

        long day = rig.used("td", Window.DAY);
        assertThat(day).as("the day's total").isLessThanOrEqualTo((long) (TARGET * PER_DAY));
        assertThat(day).as("every slot spent, plus the spare refreshes").isEqualTo(768 + 8L * allowed);
        assertThat(allowed).as("82 spare credits buy ten extra fx refreshes").isEqualTo(10);
        assertThat(firstSpare)
                .as("none before 18:00")
                .isEqualTo(DAY.plus(Duration.ofHours(18).plusMinutes(15)));
        assertThat(refused)
                .as("36 early instants and the last two, when nothing was left")
                .isEqualTo(38);
        assertThat(spare.view().feeds().get("fx").last()).startsWith("no spare credits");
    }
}
