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
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Mono;

/** A symbol a provider rejects is found, quarantined for that provider only, and left out of its later batches. */
class QuarantineTest {

    private static final String BAD = "BAD/USD";
    private static final List<String> CRYPTO = List.of("BTC/USD", "ETH/USD", BAD, "SOL/USD");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("crypto", Priority.CRITICAL, CRYPTO, "binance", "coingecko"))
            .provider(budget("binance", "weight:4", 6000, null, null))
            .provider(budget("coingecko", "per-call", 30, null, 10_000))
            .build();
    private final FakeAdapter binance = rig.adapter("binance");
    private final FakeAdapter coingecko = rig.adapter("coingecko");
    private final Quarantine quarantine = rig.quarantine;

    /** Binance -1121: the whole batch fails and the error names no symbol. */
    private void binanceRejectsBatchesWithTheBadSymbol() {
        binance.otherwise(batch -> batch.contains(BAD)
                ? Mono.error(ProviderException.invalidSymbols("-1121 Invalid symbol.", Set.of()))
                : Mono.just(binance.serving(batch, Map.of())));
    }

    @Test
    void anUnnamedBadSymbolIsFoundByBisectionQuarantinedAndTheGoodOnesAreServed() {
        binanceRejectsBatchesWithTheBadSymbol();

        CachedSnapshot v1 = rig.refreshNow("crypto").orElseThrow();

        assertThat(binance.calls())
                .containsExactly(
                        CRYPTO,
                        List.of("BTC/USD", "ETH/USD"),
                        List.of(BAD, "SOL/USD"),
                        List.of(BAD),
                        List.of("SOL/USD"));
        assertThat(quarantine.holds("binance", BAD)).isTrue();
        assertThat(quarantine.of("binance")).containsOnlyKeys(BAD);
        assertThat(quarantine.holds("coingecko", BAD))
                .as("quarantine is per provider")
                .isFalse();
        assertThat(rig.used("binance", Window.DAY))
                .as("every bisection call pays")
                .isEqualTo(5 * 4);
        assertThat(coingecko.calls()).containsExactly(List.of(BAD));
        assertThat(sources(v1))
                .containsEntry("BTC/USD", "binance")
                .containsEntry("ETH/USD", "binance")
                .containsEntry("SOL/USD", "binance")
                .containsEntry(BAD, "coingecko");
        assertThat(v1.stale()).isFalse();
        assertThat(rig.outcome("crypto", "binance").served()).isEqualTo(3);
    }

    @Test
    void theNextRefreshDoesNotSendTheQuarantinedSymbolToThatProvider() {
        binanceRejectsBatchesWithTheBadSymbol();
        rig.refreshNow("crypto").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        int before = binance.callCount();

        CachedSnapshot v2 = rig.refreshNow("crypto").orElseThrow();

        assertThat(binance.calls().subList(before, binance.callCount()))
                .containsExactly(List.of("BTC/USD", "ETH/USD", "SOL/USD"));
        assertThat(coingecko.calls()).last().isEqualTo(List.of(BAD));
        assertThat(v2.stale()).isFalse();
    }

    @Test
    void aQuarantinedSymbolIsOfferedToTheProviderAgainAfterAnHour() {
        binanceRejectsBatchesWithTheBadSymbol();
        rig.refreshNow("crypto").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        rig.refreshNow("crypto").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        binance.otherwise(batch -> Mono.just(binance.serving(batch, Map.of()))); // the symbol was listed meanwhile
        int before = binance.callCount();

        CachedSnapshot v3 = rig.refreshNow("crypto").orElseThrow();

        assertThat(binance.calls().subList(before, binance.callCount())).containsExactly(CRYPTO);
        assertThat(sources(v3)).containsEntry(BAD, "binance");
        assertThat(quarantine.of("binance"))
                .as("a served symbol leaves quarantine")
                .isEmpty();
    }

    @Test
    void aBatchFailureNamingTheBadSymbolQuarantinesItAndSendsTheRestAtOnce() {
        binance.thenFail(ProviderException.invalidSymbols("Invalid symbol BADUSDT", Set.of(BAD)));

        CachedSnapshot v1 = rig.refreshNow("crypto").orElseThrow();

        assertThat(binance.calls()).containsExactly(CRYPTO, List.of("BTC/USD", "ETH/USD", "SOL/USD"));
        assertThat(quarantine.holds("binance", BAD)).isTrue();
        assertThat(coingecko.calls()).containsExactly(List.of(BAD));
        assertThat(v1.snapshot().data()).hasSize(4).noneMatch(Quote::stale);
    }

    @ParameterizedTest(name = "a per-symbol rejection with outcome {0} quarantines: {1}")
    @CsvSource({"INVALID_SYMBOLS, true", "PLAN_RESTRICTED, true", "RATE_LIMITED, false", "TRANSIENT, false"})
    void onlyRejectionsAboutTheSymbolItselfQuarantineIt(Outcome outcome, boolean quarantined) {
        binance.then(batch -> Mono.just(binance.serving(
                List.of("BTC/USD", "ETH/USD", "SOL/USD"), Map.of(BAD, FakeAdapter.rejection(outcome)))));

        rig.refreshNow("crypto").orElseThrow();
        assertThat(quarantine.holds("binance", BAD)).isEqualTo(quarantined);
        assertThat(rig.outcome("crypto", "binance").outcome()).isEqualTo(Verdict.Refresh.PARTIAL);
        assertThat(coingecko.calls()).containsExactly(List.of(BAD));

        rig.clock.advance(Duration.ofMinutes(30));
        rig.refreshNow("crypto").orElseThrow();
        assertThat(binance.calls()).last().isEqualTo(quarantined ? List.of("BTC/USD", "ETH/USD", "SOL/USD") : CRYPTO);
    }

    @Test
    void whenEveryMissingSymbolIsQuarantinedTheProviderIsNotCalledAtAll() {
        RefreshRig single = RefreshRig.builder()
                .feed(feed("crypto", Priority.CRITICAL, List.of(BAD), "binance"))
                .provider(budget("binance", "weight:4", 6000, null, null))
                .build();
        single.adapter("binance").alwaysFail(ProviderException.invalidSymbols("-1121", Set.of()));
        assertThat(single.refreshNow("crypto")).isEmpty();
        single.clock.advance(Duration.ofMinutes(30));

        assertThat(single.refreshNow("crypto")).isEmpty();

        assertThat(single.adapter("binance").callCount()).isEqualTo(1);
        assertThat(single.outcome("crypto", "binance").outcome()).isEqualTo(Verdict.Refresh.QUARANTINED);
        assertThat(single.used("binance", Window.DAY)).isEqualTo(4);
    }

    private static Map<String, String> sources(CachedSnapshot s) {
        return s.snapshot().data().stream().collect(Collectors.toMap(Quote::symbol, Quote::source));
    }

    @Test
    void aSymbolRejectedAgainAfterItsHourIsHeldTwiceAsLong() {
        binanceRejectsBatchesWithTheBadSymbol();
        rig.refreshNow("crypto").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(61));
        rig.refreshNow("crypto").orElseThrow();
        assertThat(quarantine.of("binance").get(BAD).strikes()).isEqualTo(2);
        int before = binance.callCount();

        rig.clock.advance(Duration.ofMinutes(90));
        rig.refreshNow("crypto").orElseThrow();
        assertThat(binance.calls().subList(before, binance.callCount()))
                .as("still held after 1.5 h")
                .noneMatch(c -> c.contains(BAD));

        rig.clock.advance(Duration.ofMinutes(31));
        int held = binance.callCount();
        rig.refreshNow("crypto").orElseThrow();
        assertThat(binance.calls().subList(held, binance.callCount()))
                .as("offered again after 2 h")
                .first()
                .isEqualTo(CRYPTO);
        assertThat(quarantine.of("binance").get(BAD).strikes()).isEqualTo(3);
    }
}
