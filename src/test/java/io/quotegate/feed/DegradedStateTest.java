package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.budget.ProviderState;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.Window;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** From degrade-at a normal feed refreshes on every other slot; from critical-only-at not at all; critical feeds always. */
class DegradedStateTest {

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("indices", Priority.NORMAL, List.of("SPX", "NDX"), "marketstack"))
            .feed(feed("fx", Priority.CRITICAL, List.of("EUR/USD"), "marketstack"))
            .provider(budget("marketstack", "per-call", null, 100, null))
            .build();
    private final FakeAdapter marketstack = rig.adapter("marketstack");

    private void usedSoFar(long credits) {
        rig.ledger
                .reconcile("marketstack", ReportedUsage.of(Window.DAY, credits))
                .block();
    }

    /** Four slot refreshes of the feed, 30 minutes apart; the provider outcome of each. */
    private List<Verdict> fourSlots(String feed) {
        List<Verdict> outcomes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rig.refreshNow(feed, Purpose.SLOT);
            outcomes.add(rig.outcome(feed, "marketstack").outcome());
            rig.clock.advance(Duration.ofMinutes(30));
        }
        return outcomes;
    }

    private long callsFor(String symbol) {
        return marketstack.calls().stream().filter(c -> c.contains(symbol)).count();
    }

    @Test
    void aNormalFeedSkipsEveryOtherSlotWhileItsProviderIsDegraded() {
        usedSoFar(90);
        assertThat(rig.ledger.usage("marketstack").state()).isEqualTo(ProviderState.DEGRADED);

        assertThat(fourSlots("indices"))
                .containsExactly(Verdict.OK, Verdict.Refresh.SKIPPED, Verdict.OK, Verdict.Refresh.SKIPPED);

        assertThat(callsFor("SPX")).isEqualTo(2);
        assertThat(rig.used("marketstack", Window.DAY)).isEqualTo(92);
    }

    @Test
    void aSkippedSlotSaysWhyAndSpendsNothing() {
        usedSoFar(90);
        rig.refreshNow("indices", Purpose.SLOT);
        rig.clock.advance(Duration.ofMinutes(30));
        long before = rig.used("marketstack", Window.DAY);

        rig.refreshNow("indices", Purpose.SLOT);

        assertThat(rig.outcome("indices", "marketstack").message()).contains("degraded");
        assertThat(rig.used("marketstack", Window.DAY)).isEqualTo(before);
        assertThat(callsFor("SPX")).isEqualTo(1);
    }

    @Test
    void aCriticalFeedIsNotSkippedWhileTheProviderIsDegraded() {
        usedSoFar(90);

        assertThat(fourSlots("fx")).containsExactly(Verdict.OK, Verdict.OK, Verdict.OK, Verdict.OK);

        assertThat(callsFor("EUR/USD")).isEqualTo(4);
    }

    @Test
    void aNormalFeedRunsEverySlotWhileTheProviderIsBelowDegradeAt() {
        usedSoFar(80);

        assertThat(fourSlots("indices")).containsExactly(Verdict.OK, Verdict.OK, Verdict.OK, Verdict.OK);

        assertThat(callsFor("SPX")).isEqualTo(4);
    }

    @Test
    void onlySlotsAreThinnedNotAWarmUp() {
        usedSoFar(90);
        rig.refreshNow("indices", Purpose.SLOT);
        rig.clock.advance(Duration.ofMinutes(1));

        rig.refreshNow("indices", Purpose.WARM_UP);

        assertThat(rig.outcome("indices", "marketstack").outcome()).isEqualTo(Verdict.OK);
        assertThat(callsFor("SPX")).isEqualTo(2);
    }

    @Test
    void fromCriticalOnlyAtANormalFeedSkipsEverySlotAndACriticalFeedStillRefreshes() {
        usedSoFar(95);
        assertThat(rig.ledger.usage("marketstack").state()).isEqualTo(ProviderState.CRITICAL);

        assertThat(fourSlots("indices")).containsOnly(Verdict.Refresh.SKIPPED);
        rig.refreshNow("fx", Purpose.SLOT);

        assertThat(callsFor("SPX")).isZero();
        assertThat(callsFor("EUR/USD")).isEqualTo(1);
        assertThat(rig.outcome("fx", "marketstack").outcome()).isEqualTo(Verdict.OK);
    }
}
