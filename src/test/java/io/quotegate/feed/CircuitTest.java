package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One circuit per provider: bans and failure rates close it, and nothing leaves or is spent while it is open. */
class CircuitTest {

    private static final List<String> CRYPTO = List.of("BTC/USD", "ETH/USD", "SOL/USD", "XRP/USD");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("crypto", Priority.CRITICAL, CRYPTO, "binance"))
            .provider(budget("binance", "weight:4", 6000, null, null))
            .openFor(Duration.ofMinutes(1))
            .build();
    private final FakeAdapter binance = rig.adapter("binance");

    @Test
    void aBanOpensTheCircuitAndARefreshDuringTheBanNeitherCallsNorSpends() {
        rig.refreshNow("crypto").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        binance.thenFail(ProviderException.banned("418 I'm a teapot: IP banned", Duration.ofHours(2)));

        CachedSnapshot v2 = rig.refreshNow("crypto").orElseThrow();
        assertThat(rig.outcome("crypto", "binance").outcome()).isEqualTo(Verdict.of(Outcome.BANNED));
        assertThat(rig.circuits.state("binance")).isEqualTo("open");
        assertThat(v2.stale()).isTrue();
        long spentBefore = rig.used("binance", Window.DAY);
        assertThat(spentBefore).isEqualTo(8);

        rig.clock.advance(Duration.ofMinutes(30));
        assertThat(binance.callCount()).as("a ban is not retried").isEqualTo(2);
        CachedSnapshot v3 = rig.refreshNow("crypto").orElseThrow();

        assertThat(binance.callCount()).as("no call during the ban").isEqualTo(2);
        assertThat(rig.used("binance", Window.DAY))
                .as("no credits reserved during the ban")
                .isEqualTo(spentBefore);
        assertThat(rig.ledger.recentDecisions()).hasSize(2);
        assertThat(rig.outcome("crypto", "binance").outcome()).isEqualTo(Verdict.of(Outcome.CIRCUIT_OPEN));
        assertThat(rig.skipped("binance", "circuit_open")).isEqualTo(1);
        assertThat(rig.allRequests("binance")).isEqualTo(2);
        assertThat(v3.version()).as("nothing changed since v2: no new version").isEqualTo(2);
        assertThat(rig.report("crypto").result()).isEqualTo(RefreshReport.Result.UNCHANGED);
        assertThat(v3.snapshot().data()).hasSize(CRYPTO.size()).allMatch(Quote::stale);
    }

    @Test
    void theFirstRefreshAfterABanHasEndedProbesTheProviderAndClosesTheCircuit() {
        binance.thenFail(ProviderException.banned("418", Duration.ofMinutes(2)));
        rig.refreshNow("crypto");
        rig.clock.advance(Duration.ofMinutes(30));

        CachedSnapshot v1 = rig.refreshNow("crypto").orElseThrow();

        assertThat(binance.callCount()).isEqualTo(2);
        assertThat(v1.stale()).isFalse();
        assertThat(rig.circuits.state("binance")).isEqualTo("closed");
    }

    @Test
    void twoFailuresInFourCallsOpenTheCircuitAndStopTheRetries() {
        rig.refreshNow("crypto").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        rig.refreshNow("crypto").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        binance.alwaysFail(ProviderException.transientFailure("HTTP 502 <html>", null));

        RefreshRig.Pending refresh = rig.start("crypto");
        assertThat(rig.circuits.state("binance")).as("1 failure in 3 calls").isEqualTo("closed");
        rig.clock.advance(Duration.ofMinutes(5));

        assertThat(refresh.done()).isTrue();
        assertThat(binance.callCount())
                .as("ok, ok, fail, fail: 50 % of 4 calls opens it; the next retry does not leave")
                .isEqualTo(4);
        assertThat(rig.circuits.state("binance")).isEqualTo("open");
        assertThat(rig.outcome("crypto", "binance").outcome()).isEqualTo(Verdict.of(Outcome.CIRCUIT_OPEN));
        assertThat(rig.requests("binance", "transient")).isEqualTo(2);
        assertThat(rig.requests("binance", "ok")).isEqualTo(2);
        assertThat(rig.skipped("binance", "circuit_open")).isEqualTo(1);
        assertThat(rig.used("binance", Window.DAY))
                .as("the retry that did not leave spent nothing")
                .isEqualTo(4 * 4);
    }

    @Test
    void oneFailureInFourCallsKeepsTheCircuitClosed() {
        rig.refreshNow("crypto").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        rig.refreshNow("crypto").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        binance.thenFail(ProviderException.transientFailure("timeout", null));

        RefreshRig.Pending refresh = rig.start("crypto");
        rig.clock.advance(Duration.ofSeconds(3));

        assertThat(binance.callCount()).isEqualTo(4);
        assertThat(refresh.result())
                .hasValueSatisfying(v -> assertThat(v.stale()).isFalse());
        assertThat(rig.circuits.state("binance")).isEqualTo("closed");
    }

    @Test
    void invalidSymbolAnswersAreNotProviderFailuresAndNeverOpenTheCircuit() {
        binance.alwaysFail(ProviderException.invalidSymbols("-1121 Invalid symbol.", Set.of()));

        rig.refreshNow("crypto");

        assertThat(binance.callCount())
                .as("bisected down to every single symbol")
                .isEqualTo(7);
        assertThat(rig.circuits.state("binance")).isEqualTo("closed");
    }

    @Test
    void afterTheOpenPeriodOneProbeLeavesAndASuccessClosesTheCircuit() {
        binance.thenFail(ProviderException.transientFailure("502", null))
                .thenFail(ProviderException.transientFailure("502", null))
                .thenFail(ProviderException.transientFailure("502", null))
                .thenFail(ProviderException.transientFailure("502", null));
        RefreshRig.Pending failing = rig.start("crypto");
        rig.clock.advance(Duration.ofMinutes(1));
        assertThat(failing.done()).isTrue();
        assertThat(rig.circuits.state("binance")).isEqualTo("open");
        rig.clock.advance(Duration.ofMinutes(29));

        CachedSnapshot v1 = rig.refreshNow("crypto").orElseThrow();

        assertThat(binance.callCount()).isEqualTo(5);
        assertThat(v1.stale()).isFalse();
        assertThat(rig.circuits.state("binance")).isEqualTo("closed");
    }
}
