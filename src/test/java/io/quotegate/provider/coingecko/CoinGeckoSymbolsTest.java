package io.quotegate.provider.coingecko;

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
import org.junit.jupiter.params.provider.ValueSource;

class CoinGeckoSymbolsTest {

    private static ProviderSettings settings(Map<String, String> overrides) {
        return TestSettings.of("coingecko", "http://unused", null, 50, overrides, Duration.ofSeconds(2), Map.of(), 0);
    }

    private static String idOf(String feed, Map<String, String> overrides) {
        SymbolBatch batch = CoinGeckoSymbols.RULES.batch(List.of(feed), settings(overrides));
        assertThat(batch.feedSymbolsByProviderSymbol()).hasSize(1);
        return batch.feedSymbolsByProviderSymbol().keySet().iterator().next();
    }

    @ParameterizedTest
    @CsvSource({
        "BTC/USD, bitcoin", "ETH/USD, ethereum", "SOL/USD, solana", "BNB/USD, binancecoin",
        "XRP/USD, ripple", "ADA/USD, cardano", "DOGE/USD, dogecoin", "AVAX/USD, avalanche-2",
        "btc/usd, bitcoin", "PEPE/USD, pepe"
    })
    void mapsKnownBasesToIds_andUnknownBasesToTheLowerCasedBase(String feed, String id) {
        assertThat(idOf(feed, Map.of())).isEqualTo(id);
    }

    @Test
    void overrideWinsOverTheBuiltInIdAndIsLowerCased() {
        assertThat(idOf("WIF/USD", Map.of("WIF/USD", "DogWifCoin"))).isEqualTo("dogwifcoin");
        assertThat(idOf("BTC/USD", Map.of("BTC/USD", "wrapped-bitcoin"))).isEqualTo("wrapped-bitcoin");
    }

    @ParameterizedTest
    @ValueSource(strings = {"BTC/EUR", "ETH/BTC", "BTC/USDT", "BTCUSD", "/USD", "A/B/USD"})
    void nonUsdOrUnparseableSymbolsAreRejectedLocally(String feed) {
        SymbolBatch batch = CoinGeckoSymbols.RULES.batch(List.of(feed, "BTC/USD"), settings(Map.of()));

        assertThat(batch.feedSymbolsByProviderSymbol()).containsOnlyKeys("bitcoin");
        assertThat(batch.rejected()).containsOnlyKeys(feed);
        assertThat(batch.rejected().get(feed).outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
    }

    @Test
    void idsThatWouldBreakTheListAreRejectedLocally() {
        SymbolBatch batch =
                CoinGeckoSymbols.RULES.batch(List.of("X/USD"), settings(Map.of("X/USD", "bitcoin,ethereum")));

        assertThat(batch.isEmpty()).isTrue();
        assertThat(batch.rejected()).containsOnlyKeys("X/USD");
    }

    @Test
    void feedSymbolsSharingAnIdAreSentOnce() {
        SymbolBatch batch = CoinGeckoSymbols.RULES.batch(
                List.of("BTC/USD", "XBT/USD", "ETH/USD"), settings(Map.of("XBT/USD", "bitcoin")));

        assertThat(batch.joined(",")).isEqualTo("bitcoin,ethereum");
        assertThat(batch.feedSymbolsByProviderSymbol().get("bitcoin")).containsExactly("BTC/USD", "XBT/USD");
    }
}
