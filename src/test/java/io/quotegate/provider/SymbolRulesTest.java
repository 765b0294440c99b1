package io.quotegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared symbol mechanics every adapter uses: overrides, defaults, normalisation, local refusals, mapping back. */
class SymbolRulesTest {

    private static ProviderSettings settings(Map<String, String> overrides) {
        return TestSettings.of("p", "http://unused", null, 20, overrides, Duration.ofSeconds(1), Map.of(), 0);
    }

    private static final SymbolRules UPPER_NO_SLASH = SymbolRules.identity()
            .servesOnly(feed -> !feed.startsWith("X"), "x symbols are not served")
            .byDefault(feed -> feed.replace("/", ""))
            .normalize(s -> s.trim().toUpperCase(Locale.ROOT))
            .sendsOnly(s -> s.matches("[A-Z]{1,8}"), s -> "'" + s + "' cannot be sent");

    @Test
    void identityTrimsAndKeepsRequestOrderAndDropsDuplicates() {
        SymbolBatch batch = SymbolRules.identity().batch(List.of("EUR/USD", "GBP/USD", "EUR/USD"), settings(Map.of()));

        assertThat(batch.feedSymbolsByProviderSymbol())
                .containsExactly(Map.entry("EUR/USD", List.of("EUR/USD")), Map.entry("GBP/USD", List.of("GBP/USD")));
        assertThat(batch.joined(",")).isEqualTo("EUR/USD,GBP/USD");
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.isSingle()).isFalse();
    }

    @Test
    void anOverrideWinsOverTheDefaultAndIsNormalisedToo() {
        SymbolBatch batch = UPPER_NO_SLASH.batch(List.of("BTC/USD", "ETH/USD"), settings(Map.of("BTC/USD", " xbt ")));

        assertThat(batch.providerSymbols()).containsExactly("XBT", "ETHUSD");
    }

    @Test
    void feedSymbolsSharingAProviderSymbolAreSentOnceAndServeAll() {
        SymbolBatch batch = UPPER_NO_SLASH.batch(List.of("BTC/USD", "BTCUSD", "ETH/USD"), settings(Map.of()));

        assertThat(batch.feedSymbolsByProviderSymbol().get("BTCUSD")).containsExactly("BTC/USD", "BTCUSD");
        assertThat(batch.sentFeedSymbols()).containsExactly("BTC/USD", "BTCUSD", "ETH/USD");
        assertThat(batch.blamedWhenUnnamed())
                .as("two provider symbols were sent: nobody to blame")
                .isEmpty();
    }

    @Test
    void whenOneProviderSymbolIsSentItsFeedSymbolsAreBlamed() {
        SymbolBatch batch = UPPER_NO_SLASH.batch(List.of("BTC/USD", "BTCUSD"), settings(Map.of()));

        assertThat(batch.isSingle()).isTrue();
        assertThat(batch.blamedWhenUnnamed()).containsExactlyInAnyOrder("BTC/USD", "BTCUSD");
    }

    @Test
    void unservedFeedSymbolsAreRefusedBeforeAnyOverrideAndInvalidSymbolsAfterIt() {
        SymbolBatch batch = UPPER_NO_SLASH.batch(
                List.of("XAU/USD", "A/B", "LONGSYMBOL/USD", "BTC/USD"),
                settings(Map.of("XAU/USD", "GOLD", "A/B", "a-b")));

        assertThat(batch.providerSymbols()).containsExactly("BTCUSD");
        assertThat(batch.rejected()).containsOnlyKeys("XAU/USD", "A/B", "LONGSYMBOL/USD");
        assertThat(batch.rejected().get("XAU/USD").message()).isEqualTo("x symbols are not served");
        assertThat(batch.rejected().get("A/B").message()).isEqualTo("'A-B' cannot be sent");
        assertThat(batch.rejected().values())
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS));
    }

    @Test
    void answerKeysMapBackExactlyElseIgnoringCase() {
        SymbolBatch batch = SymbolRules.identity().batch(List.of("EUR/USD", "Brent"), settings(Map.of()));

        assertThat(batch.requested("EUR/USD")).isEqualTo("EUR/USD");
        assertThat(batch.requested("eur/usd")).isEqualTo("EUR/USD");
        assertThat(batch.feedSymbols("BRENT")).containsExactly("Brent");
        assertThat(batch.requested("GBP/USD")).isNull();
        assertThat(batch.feedSymbols(null)).isEmpty();
    }

    @Test
    void anEmptyBatchIsAnsweredWithoutARequestAndKeepsTheRefusals() {
        SymbolBatch batch = UPPER_NO_SLASH.batch(List.of("XAU/USD"), settings(Map.of()));

        assertThat(batch.isEmpty()).isTrue();
        ProviderResponse unsent = batch.unsent();
        assertThat(unsent.quotes()).isEmpty();
        assertThat(unsent.rejected()).containsOnlyKeys("XAU/USD");
    }
}
