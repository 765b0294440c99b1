package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Priority;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Before the first success a failed refresh stores nothing; the upstream metrics count what left and what did not. */
class EmptyAndMetricsTest {

    private static final List<String> FX = List.of("EUR/USD", "GBP/USD", "USD/JPY");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("fx", Priority.CRITICAL, FX, "twelvedata", "frankfurter"))
            .provider(budget("twelvedata", "per-symbol", 8, 800, null))
            .provider(budget("frankfurter", "per-call", 60, null, null))
            .build();
    private final FakeAdapter twelvedata = rig.adapter("twelvedata");
    private final FakeAdapter frankfurter = rig.adapter("frankfurter");

    @Test
    void aFirstRefreshThatServesNothingEmitsEmptyAndStoresNothing() {
        twelvedata.thenFail(ProviderException.of(Outcome.AUTH_FAILED, "invalid api key"));
        frankfurter.thenFail(ProviderException.malformed("truncated JSON"));

        assertThat(rig.refreshNow("fx")).isEmpty();

        assertThat(rig.store.latest("fx")).isEmpty();
        assertThat(rig.store.read("fx")).isEmpty();
        RefreshReport report = rig.report("fx");
        assertThat(report.version()).isZero();
        assertThat(report.served()).isZero();
        assertThat(report.missing()).containsExactlyElementsOf(FX);
        assertThat(rig.log.lastError("twelvedata"))
                .hasValueSatisfying(e -> assertThat(e.outcome()).isEqualTo(Verdict.of(Outcome.AUTH_FAILED)));

        assertThat(rig.refreshNow("fx"))
                .as("the next success is the first version")
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
    }

    @Test
    void requestsAreCountedPerAttemptThatReachedTheAdapterByOutcome() {
        twelvedata.thenFail(ProviderException.transientFailure("502", null));

        RefreshRig.Pending refresh = rig.start("fx");
        rig.clock.advance(Duration.ofSeconds(3));

        assertThat(refresh.result()).isPresent();
        assertThat(rig.requests("twelvedata", "transient")).isEqualTo(1);
        assertThat(rig.requests("twelvedata", "ok")).isEqualTo(1);
        assertThat(rig.allRequests("twelvedata")).isEqualTo(2);
        assertThat(rig.allRequests("frankfurter")).isZero();
        assertThat(rig.meters
                        .find("quotegate.upstream.requests")
                        .tag("feed", "fx")
                        .tag("outcome", "ok")
                        .counter())
                .isNotNull();
    }

    @Test
    void aPartialAnswerCountsAsOneOkRequestAndTheFallbackAsAnother() {
        twelvedata.thenServeOnly("EUR/USD");

        rig.refreshNow("fx").orElseThrow();

        assertThat(rig.requests("twelvedata", "ok")).isEqualTo(1);
        assertThat(rig.requests("frankfurter", "ok")).isEqualTo(1);
    }

    @Test
    void aBudgetDenialIsCountedAsSkippedNotAsARequest() {
        rig.ledger.reconcile("twelvedata", ReportedUsage.of(Window.DAY, 800)).block();

        rig.refreshNow("fx").orElseThrow();

        assertThat(twelvedata.callCount()).isZero();
        assertThat(rig.skipped("twelvedata", "budget_denied")).isEqualTo(1);
        assertThat(rig.allRequests("twelvedata")).isZero();
        assertThat(frankfurter.calls()).containsExactly(FX);
    }

    @Test
    void anOpenCircuitIsCountedAsSkippedAndTheChainFallsThrough() {
        rig.circuits.openUntil("twelvedata", rig.clock.instant().plus(Duration.ofHours(1)));

        rig.refreshNow("fx").orElseThrow();

        assertThat(twelvedata.callCount()).isZero();
        assertThat(rig.used("twelvedata", Window.DAY)).isZero();
        assertThat(rig.skipped("twelvedata", "circuit_open")).isEqualTo(1);
        assertThat(rig.allRequests("twelvedata")).isZero();
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(Outcome.CIRCUIT_OPEN));
        assertThat(frankfurter.calls()).containsExactly(FX);
    }
}
