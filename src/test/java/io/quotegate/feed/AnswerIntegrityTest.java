package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.StaleRule;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * What a refresh takes of an answer, whatever the adapter made of it (design invariant 7): the right symbol,
 * never an older price, never one from the future, and no quarantine from an answer that is no verdict on
 * symbols.
 */
class AnswerIntegrityTest {

    private static final List<String> CRYPTO = List.of("BTC/USD", "ETH/USD");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("crypto", Priority.CRITICAL, CRYPTO, "binance", "coingecko"))
            .provider(budget("binance", "weight:4", 6000, null, null))
            .provider(budget("coingecko", "per-call", 30, null, 10_000))
            .build();
    private final FakeAdapter binance = rig.adapter("binance");
    private final FakeAdapter coingecko = rig.adapter("coingecko");

    private static Quote quote(String symbol, String price, String asOf, String source) {
        return Quote.of(symbol, new BigDecimal(price), null, null, Instant.parse(asOf), source);
    }

    private static Mono<ProviderResponse> answer(Quote... quotes) {
        Map<String, Quote> byKey = new java.util.LinkedHashMap<>();
        for (Quote q : quotes) {
            byKey.put(q.symbol(), q);
        }
        return Mono.just(new ProviderResponse(byKey, Map.of(), ReportedUsage.NONE));
    }

    @Test
    void aPriceNeverGoesBackInTimeTheNewerQuoteStaysAndTheAnswerCountsAsOutdated() {
        // The order seen against recorded answers: 73369.84 of 2024-03-13, then 60755.18 of 2021-10-22.
        binance.then(batch -> answer(
                quote("BTC/USD", "73369.84", "2024-03-13T09:59:59Z", "binance"),
                quote("ETH/USD", "3990.10", "2024-03-13T09:59:59Z", "binance")));
        rig.refreshNow("crypto").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        binance.then(batch -> answer(
                quote("BTC/USD", "60755.18", "2021-10-22T00:00:00Z", "binance"),
                quote("ETH/USD", "4001.00", "2024-03-13T10:29:59Z", "binance")));
        coingecko.then(batch -> answer(quote("BTC/USD", "73400.00", "2024-03-13T10:29:00Z", "coingecko")));

        CachedSnapshot v2 = rig.refreshNow("crypto").orElseThrow();

        Quote btc = v2.snapshot().data().get(0);
        assertThat(btc.price()).as("the older answer is not served").isEqualTo(new BigDecimal("73400.00"));
        assertThat(btc.source())
                .as("the next provider of the chain was asked for it")
                .isEqualTo("coingecko");
        assertThat(coingecko.calls()).containsExactly(List.of("BTC/USD"));
        assertThat(rig.outcome("crypto", "binance").outdated()).containsExactly("BTC/USD");
        assertThat(rig.log.outdated("binance")).containsExactly(Map.entry("BTC/USD", 1L));
        assertThat(rig.meters
                        .get("quotegate.quotes.outdated")
                        .tag("provider", "binance")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void whenNobodyHasANewerPriceTheHeldOneStaysAsItIsNotOlderNotMarkedAsUnserved() {
        binance.then(batch -> answer(
                quote("BTC/USD", "73369.84", "2024-03-13T09:59:59Z", "binance"),
                quote("ETH/USD", "3990.10", "2024-03-13T09:59:59Z", "binance")));
        CachedSnapshot v1 = rig.refreshNow("crypto").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(1));
        binance.then(batch -> answer(
                quote("BTC/USD", "60755.18", "2021-10-22T00:00:00Z", "binance"),
                quote("ETH/USD", "3990.10", "2024-03-13T09:59:59Z", "binance")));
        coingecko.then(batch -> answer(quote("BTC/USD", "60000.00", "2021-10-21T00:00:00Z", "coingecko")));

        CachedSnapshot after = rig.refreshNow("crypto").orElseThrow();

        assertThat(after.snapshot().data()).isEqualTo(v1.snapshot().data());
        assertThat(after.version()).as("nothing changed").isEqualTo(v1.version());
        assertThat(rig.report("crypto").result()).isEqualTo(RefreshReport.Result.UNCHANGED);
    }

    @Test
    void anOlderButCurrentPriceTakesThePlaceOfOneThatAgedOutNeverOfOneThatIsCurrent() {
        // Live prices are current 40 minutes; the fallback's reference rate of today is current all day.
        StaleRule rule = (feed, q) -> q.source().equals("coingecko")
                ? q.asOf().plus(Duration.ofDays(1))
                : q.asOf().plus(Duration.ofMinutes(40));
        RefreshRig aging = RefreshRig.builder()
                .feed(feed("crypto", Priority.CRITICAL, CRYPTO, "binance", "coingecko"))
                .provider(budget("binance", "weight:4", 6000, null, null))
                .provider(budget("coingecko", "per-call", 30, null, 10_000))
                .staleRule(rule)
                .build();
        Instant morning = RefreshRig.START.minus(Duration.ofHours(10));
        aging.adapter("binance")
                .then(batch -> Mono.just(aging.adapter("binance").serving(batch, Map.of())));
        aging.refreshNow("crypto").orElseThrow();
        aging.adapter("binance").alwaysFail(ProviderException.of(Outcome.AUTH_FAILED, "binance 401"));
        aging.adapter("coingecko")
                .otherwise(batch -> answer(
                        quote("BTC/USD", "73000.00", morning.toString(), "coingecko"),
                        quote("ETH/USD", "3900.00", morning.toString(), "coingecko")));

        aging.clock.advance(Duration.ofMinutes(30));
        CachedSnapshot whileCurrent = aging.refreshNow("crypto").orElseThrow();
        aging.clock.advance(Duration.ofMinutes(30));
        CachedSnapshot afterAging = aging.refreshNow("crypto").orElseThrow();

        assertThat(whileCurrent.snapshot().data()).extracting(Quote::source).containsOnly("binance");
        assertThat(aging.log.outdated("coingecko")).containsEntry("BTC/USD", 1L);
        assertThat(afterAging.snapshot().data()).extracting(Quote::source).containsOnly("coingecko");
        assertThat(afterAging.stale()).isFalse();
    }

    @Test
    void aQuoteCreditedToAnotherSymbolIsMalformedAndNeverServed() {
        binance.then(batch -> Mono.just(new ProviderResponse(
                Map.of("BTC/USD", quote("ETH/USD", "3990.10", "2030-01-07T09:59:59Z", "binance")),
                Map.of(),
                ReportedUsage.NONE)));
        coingecko.then(batch -> Mono.just(coingecko.serving(batch, Map.of())));

        CachedSnapshot v1 = rig.refreshNow("crypto").orElseThrow();

        assertThat(v1.snapshot().data()).extracting(Quote::source).containsOnly("coingecko");
        assertThat(rig.outcome("crypto", "binance").message()).contains("credited a quote of ETH/USD to BTC/USD");
        assertThat(rig.quarantine.holds("binance", "BTC/USD"))
                .as("malformed is no verdict on the symbol")
                .isFalse();
    }

    @Test
    void aQuoteForASymbolTheBatchDidNotAskIsNeverServed() {
        binance.then(batch -> answer(
                quote("BTC/USD", "73369.84", "2030-01-07T09:59:59Z", "binance"),
                quote("SOL/USD", "150.00", "2030-01-07T09:59:59Z", "binance")));
        coingecko.then(batch -> Mono.just(coingecko.serving(batch, Map.of())));

        CachedSnapshot v1 = rig.refreshNow("crypto").orElseThrow();

        assertThat(v1.snapshot().data()).extracting(Quote::symbol).containsExactly("BTC/USD", "ETH/USD");
        assertThat(rig.outcome("crypto", "binance").message()).contains("answered for SOL/USD");
    }

    @Test
    void aPriceFromTheFutureBeyondTheClockSkewIsMalformed() {
        Instant now = RefreshRig.START;
        binance.then(batch -> answer(
                quote("BTC/USD", "73369.84", now.plus(Duration.ofMinutes(1)).toString(), "binance"),
                quote("ETH/USD", "3990.10", now.plus(Duration.ofHours(1)).toString(), "binance")));
        coingecko.then(batch -> Mono.just(coingecko.serving(batch, Map.of())));

        CachedSnapshot v1 = rig.refreshNow("crypto").orElseThrow();

        assertThat(v1.snapshot().data().get(0).source())
                .as("a minute ahead: within the skew")
                .isEqualTo("binance");
        assertThat(v1.snapshot().data().get(1).source())
                .as("an hour ahead: malformed")
                .isEqualTo("coingecko");
        assertThat(rig.outcome("crypto", "binance").message()).contains("ETH/USD", "in the future");
    }

    @Test
    void aWholeRequestRejectionOfEverySymbolQuarantinesNothingAndIsAProviderFault() {
        // Frankfurter's {"message":"not found"} for the whole request, once: all eight fx pairs named.
        binance.then(batch -> Mono.error(ProviderException.invalidSymbols("HTTP 404 not found", Set.copyOf(batch))));
        coingecko.then(batch -> Mono.just(coingecko.serving(batch, Map.of())));

        CachedSnapshot v1 = rig.refreshNow("crypto").orElseThrow();

        assertThat(rig.quarantine.of("binance")).isEmpty();
        assertThat(rig.outcome("crypto", "binance").outcome()).isEqualTo(Verdict.of(Outcome.MALFORMED));
        assertThat(v1.snapshot().data()).extracting(Quote::source).containsOnly("coingecko");
        rig.clock.advance(Duration.ofMinutes(30));
        rig.refreshNow("crypto");
        assertThat(binance.calls()).as("asked again at the next slot").hasSize(2);
    }

    @Test
    void anAnswerRejectingEverySymbolOfABatchQuarantinesNothing() {
        binance.then(batch -> Mono.just(binance.serving(
                List.of(),
                Map.of(
                        "BTC/USD", FakeAdapter.rejection(Outcome.INVALID_SYMBOLS),
                        "ETH/USD", FakeAdapter.rejection(Outcome.INVALID_SYMBOLS)))));

        rig.refreshNow("crypto");

        assertThat(rig.quarantine.of("binance")).isEmpty();
        assertThat(rig.outcome("crypto", "binance").outcome()).isEqualTo(Verdict.of(Outcome.MALFORMED));
        assertThat(rig.outcome("crypto", "binance").message()).contains("answered about none of the 2 symbols");
    }

    @Test
    void aRejectionOfOneSymbolOfSeveralStillQuarantinesIt() {
        binance.then(batch -> Mono.just(binance.serving(
                List.of("BTC/USD"), Map.of("ETH/USD", FakeAdapter.rejection(Outcome.INVALID_SYMBOLS)))));

        rig.refreshNow("crypto");

        assertThat(rig.quarantine.holds("binance", "ETH/USD")).isTrue();
        assertThat(rig.quarantine.holds("binance", "BTC/USD")).isFalse();
    }

    @Test
    void aPlanRestrictionOfTheWholeRequestQuarantinesNothing() {
        binance.then(
                batch -> Mono.error(ProviderException.of(Outcome.PLAN_RESTRICTED, "403 function_access_restricted")));

        rig.refreshNow("crypto");

        assertThat(rig.quarantine.of("binance")).isEmpty();
        assertThat(rig.outcome("crypto", "binance").outcome()).isEqualTo(Verdict.of(Outcome.PLAN_RESTRICTED));
    }
}
