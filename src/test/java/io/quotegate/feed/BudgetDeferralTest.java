package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.budget.DecisionRecord;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Batches fit the per-minute limit; a full minute defers the next batch inside the slot; a denied spend sends nothing. */
class BudgetDeferralTest {

    private static final List<String> SIXTEEN =
            IntStream.rangeClosed(1, 16).mapToObj(i -> "S" + i + "/USD").toList();

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("fx", Priority.CRITICAL, SIXTEEN, "twelvedata"))
            .provider(budget("twelvedata", "per-symbol", 8, 800, null), 120)
            .build();
    private final FakeAdapter twelvedata = rig.adapter("twelvedata");

    @Test
    void sixteenSymbolsAtEightPerMinuteGoInTwoBatchesTheSecondInTheNextMinute() {
        RefreshRig.Pending refresh = rig.start("fx");

        assertThat(twelvedata.calls()).containsExactly(SIXTEEN.subList(0, 8));
        assertThat(rig.used("twelvedata", Window.MINUTE)).isEqualTo(8);
        rig.clock.advance(Duration.ofMillis(59_999));
        assertThat(twelvedata.callCount()).as("the minute is full until 10:01").isEqualTo(1);
        assertThat(refresh.done()).isFalse();

        rig.clock.advance(Duration.ofMillis(1));
        assertThat(twelvedata.callCount())
                .as("the deferred batch waits out the minute guard too")
                .isEqualTo(1);

        rig.clock.advance(BatchCall.MINUTE_GUARD);

        assertThat(twelvedata.calls()).containsExactly(SIXTEEN.subList(0, 8), SIXTEEN.subList(8, 16));
        assertThat(twelvedata.callTimes().get(1)).isAfterOrEqualTo(Instant.parse("2030-01-07T10:01:01Z"));
        assertThat(refresh.result()).hasValueSatisfying(v -> {
            assertThat(v.version()).isEqualTo(1);
            assertThat(v.snapshot().data()).hasSize(16).noneMatch(Quote::stale);
        });
        assertThat(rig.used("twelvedata", Window.DAY)).isEqualTo(16);
        assertThat(rig.used("twelvedata", Window.MINUTE)).isEqualTo(8);
        assertThat(rig.ledger.recentDecisions())
                .extracting(DecisionRecord::decision)
                .containsExactly("granted", "wait", "granted");
        assertThat(rig.outcome("fx", "twelvedata").batches()).isEqualTo(2);
    }

    @Test
    void aDeferralThatWouldReachTheNextSlotIsRefusedAndTheFirstBatchIsStillServed() {
        rig.clock.advanceTo(Instant.parse("2030-01-07T10:29:10Z"));

        RefreshRig.Pending refresh = rig.start("fx");
        boolean finishedAtOnce = refresh.done();
        rig.clock.advance(Duration.ofMinutes(2));

        assertThat(twelvedata.callTimes()).allMatch(t -> t.isBefore(Instant.parse("2030-01-07T10:30:00Z")));
        assertThat(finishedAtOnce).isTrue();
        assertThat(refresh.result())
                .hasValueSatisfying(v -> assertThat(v.snapshot().data()).hasSize(8));
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(Outcome.BUDGET_DENIED));
    }

    @Test
    void aSpendTheDayLimitDeniesMakesNoCallAndReportsBudgetDenied() {
        rig.ledger.reconcile("twelvedata", ReportedUsage.of(Window.DAY, 795)).block();

        RefreshRig.Pending refresh = rig.start("fx");

        assertThat(refresh.done()).isTrue();
        assertThat(refresh.result()).isEmpty();
        assertThat(twelvedata.callCount()).isZero();
        assertThat(rig.used("twelvedata", Window.DAY)).isEqualTo(795);
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(Outcome.BUDGET_DENIED));
        assertThat(rig.outcome("fx", "twelvedata").message()).contains("day limit 800");
        assertThat(rig.skipped("twelvedata", "budget_denied")).isEqualTo(1);
        assertThat(rig.allRequests("twelvedata")).isZero();
    }

    @Test
    void aDeniedSecondBatchStillLetsTheFirstBatchServe() {
        rig.ledger.reconcile("twelvedata", ReportedUsage.of(Window.DAY, 785)).block();

        RefreshRig.Pending refresh = rig.start("fx");
        rig.clock.advance(Duration.ofMinutes(2));

        assertThat(twelvedata.callCount())
                .as("8 of the 15 credits left fit once")
                .isEqualTo(1);
        assertThat(refresh.result())
                .hasValueSatisfying(v -> assertThat(v.snapshot().data())
                        .extracting(Quote::symbol)
                        .containsExactlyElementsOf(SIXTEEN.subList(0, 8)));
        assertThat(rig.report("fx").missing()).containsExactlyElementsOf(SIXTEEN.subList(8, 16));
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(Outcome.BUDGET_DENIED));
        assertThat(rig.used("twelvedata", Window.DAY)).isEqualTo(793);
    }
}
