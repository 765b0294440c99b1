package io.quotegate.provider.frankfurter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CurrencyPairTest {

    @ParameterizedTest
    @ValueSource(strings = {"EUR/USD", "eur/usd", "EUR-USD", "EUR_USD", "EURUSD", " EUR/USD "})
    void readsCommonPairSpellings(String text) {
        assertThat(CurrencyPair.parse(text)).contains(new CurrencyPair("EUR", "USD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GOLD", "XAUUSD1", "EU/USD", "EUR/US", "USD/USD", "EUR USD", "", "E1R/USD"})
    void rejectsWhatIsNotAPairOfDistinctCodes(String text) {
        assertThat(CurrencyPair.parse(text)).isEmpty();
    }

    @Test
    void printsWithASlash() {
        assertThat(new CurrencyPair("GBP", "JPY")).hasToString("GBP/JPY");
    }

    @Test
    void requestsEveryNonUsdCurrencyOnceInSortedOrder() {
        List<CurrencyPair> pairs = List.of(
                new CurrencyPair("USD", "JPY"),
                new CurrencyPair("EUR", "USD"),
                new CurrencyPair("EUR", "GBP"),
                new CurrencyPair("AUD", "USD"));

        assertThat(FrankfurterAdapter.currencies(pairs)).containsExactly("AUD", "EUR", "GBP", "JPY");
    }
}
