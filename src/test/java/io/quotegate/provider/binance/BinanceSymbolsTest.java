package io.quotegate.provider.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.SymbolBatch;
import io.quotegate.provider.TestSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinanceSymbolsTest {

    private static ProviderSettings settings(Map<String, String> overrides) {
        return TestSettings.of("binance", "http://unused", null, 20, overrides, Duration.ofSeconds(2), Map.of(), 0);
    }

    @ParameterizedTest
    @CsvSource({
        "BTC/USD, BTCUSDT",
        "eth/usd, ETHUSDT",
        "BTC/USDT, BTCUSDT",
        "ETH/BTC, ETHBTC",
        "BTC/EUR, BTCEUR",
        "BNBUSDT, BNBUSDT"
    })
    void defaultSymbol_appendsUsdtForUsdAndConcatenatesOtherwise(String feed, String expected) {
        assertThat(BinanceSymbols.defaultSymbol(feed)).isEqualTo(expected);
    }

    @Test
    void overrideReplacesDefaultMapping_andIsUpperCased() {
        SymbolBatch batch =
                BinanceSymbols.RULES.batch(List.of("BTC/USD", "ETH/USD"), settings(Map.of("BTC/USD", "btcfdusd")));

        assertThat(batch.feedSymbolsByProviderSymbol())
                .containsExactly(Map.entry("BTCFDUSD", List.of("BTC/USD")), Map.entry("ETHUSDT", List.of("ETH/USD")));
        assertThat(BinanceSymbols.symbolsParam(batch)).isEqualTo("[\"BTCFDUSD\",\"ETHUSDT\"]");
    }

    @Test
    void feedSymbolsSharingABinanceSymbolAreSentOnce() {
        SymbolBatch batch = BinanceSymbols.RULES.batch(List.of("BTC/USD", "BTC/USDT", "BTC/USD"), settings(Map.of()));

        assertThat(batch.feedSymbolsByProviderSymbol())
                .containsExactly(Map.entry("BTCUSDT", List.of("BTC/USD", "BTC/USDT")));
        assertThat(batch.blamedWhenUnnamed()).containsExactlyInAnyOrder("BTC/USD", "BTC/USDT");
    }

    @Test
    void symbolsBinanceCannotAcceptAreRejectedLocally() {
        SymbolBatch batch = BinanceSymbols.RULES.batch(List.of("BTC/USD", "BTC USD!", "A/\"B"), settings(Map.of()));

        assertThat(batch.feedSymbolsByProviderSymbol()).containsOnlyKeys("BTCUSDT");
        assertThat(batch.rejected()).containsOnlyKeys("BTC USD!", "A/\"B");
        assertThat(batch.rejected().values())
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS));
    }

    @Test
    void blamesNobodyWhenSeveralBinanceSymbolsWereSent() {
        SymbolBatch batch = BinanceSymbols.RULES.batch(List.of("BTC/USD", "ETH/USD"), settings(Map.of()));

        assertThat(batch.blamedWhenUnnamed()).isEmpty();
    }
}
