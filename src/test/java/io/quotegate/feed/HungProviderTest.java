package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.Quote;
import io.quotegate.provider.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A provider call that never answers cannot hold a feed past its slot, and the refresh it cut short leaves a trace. */
class HungProviderTest {

    private static final List<String> FX = List.of("EUR/USD", "GBP/USD");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("fx", Priority.CRITICAL, FX, "twelvedata", "frankfurter"))
            .provider(budget("twelvedata", "per-symbol", 8, 800, null))
            .provider(budget("frankfurter", "per-call", 60, null, null))
            .build();
    private final FakeAdapter twelvedata = rig.adapter("twelvedata");
    private final FakeAdapter frankfurter = rig.adapter("frankfurter");

    @Test
    void aRefreshWhoseCallNeverAnswersEndsBeforeTheSlotAfterNext() {
        twelvedata.then(batch -> Mono.never());

        RefreshRig.Pending refresh = rig.start("fx");
        rig.clock.advance(Duration.ofMinutes(30)); // the next slot
        assertThat(refresh.done()).as("still inside its grace minute").isFalse();

        rig.clock.advance(Duration.ofMinutes(1));

        assertThat(refresh.done()).isTrue();
        assertThat(refresh.result()).isEmpty();
        RefreshRig.Pending next = rig.start("fx");
        assertThat(next.done())
                .as("the next slot runs: it is not joined to the hung one")
                .isTrue();
        assertThat(twelvedata.callCount()).isEqualTo(2);
    }

    @Test
    void aRefreshThatTimesOutReportsTheProviderThatDidNotAnswer() {
        twelvedata.then(batch -> Mono.never());

        RefreshRig.Pending refresh = rig.start("fx");
        assertThat(rig.log.lastReport("fx"))
                .as("nothing to report while it runs")
                .isEmpty();
        rig.clock.advance(Duration.ofMinutes(31));

        assertThat(refresh.result()).isEmpty();
        RefreshReport report = rig.report("fx");
        assertThat(report.purpose()).isEqualTo(Purpose.SLOT);
        assertThat(report.at()).isEqualTo(RefreshRig.START);
        assertThat(report.took()).isEqualTo(Duration.ofMinutes(31));
        assertThat(report.version()).as("no snapshot yet").isZero();
        assertThat(report.served()).isZero();
        assertThat(report.missing()).containsExactlyElementsOf(FX);
        RefreshReport.ProviderOutcome hung = rig.outcome("fx", "twelvedata");
        assertThat(hung.outcome()).isEqualTo(Verdict.Refresh.TIMEOUT);
        assertThat(hung.outcome().label()).isEqualTo("timeout");
        assertThat(hung.batches()).isEqualTo(1);
        assertThat(hung.tries()).isEqualTo(1);
        assertThat(hung.message()).contains("grace minute");
        assertThat(report.providers()).as("the chain never reached frankfurter").doesNotContainKey("frankfurter");
        assertThat(frankfurter.callCount()).isZero();
        assertThat(rig.log.lastError("twelvedata")).hasValueSatisfying(e -> {
            assertThat(e.outcome()).isEqualTo(Verdict.Refresh.TIMEOUT);
            assertThat(e.feed()).isEqualTo("fx");
            assertThat(e.at()).isEqualTo(RefreshRig.START.plus(Duration.ofMinutes(31)));
        });
    }

    @Test
    void aTimeoutKeepsWhatEarlierProvidersDidAndTheVersionThatStands() {
        long standing = rig.refreshNow("fx").orElseThrow().version();
        rig.clock.advance(Duration.ofMinutes(30));
        twelvedata.thenServeOnly("EUR/USD");
        frankfurter.then(batch -> Mono.never());

        RefreshRig.Pending refresh = rig.start("fx");
        rig.clock.advance(Duration.ofMinutes(31));

        assertThat(refresh.result()).isEmpty();
        RefreshReport report = rig.report("fx");
        assertThat(report.version()).as("the current version stands").isEqualTo(standing);
        assertThat(rig.store.latest("fx")).hasValueSatisfying(s -> {
            assertThat(s.version()).isEqualTo(standing);
            assertThat(s.data()).extracting(Quote::stale).containsOnly(false);
        });
        assertThat(report.served()).isEqualTo(1);
        assertThat(report.missing()).containsExactly("GBP/USD");
        assertThat(report.providers().keySet())
                .as("in the order the chain asked them")
                .containsExactly("twelvedata", "frankfurter");
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.OK);
        assertThat(rig.outcome("fx", "twelvedata").served()).isEqualTo(1);
        assertThat(rig.outcome("fx", "frankfurter").outcome()).isEqualTo(Verdict.Refresh.TIMEOUT);
        assertThat(rig.log.lastError("frankfurter"))
                .hasValueSatisfying(e -> assertThat(e.outcome()).isEqualTo(Verdict.Refresh.TIMEOUT));
        assertThat(rig.requests("frankfurter", Outcome.OK.label()))
                .as("a call that never answered is no request outcome")
                .isZero();
    }
}
