package io.quotegate.provider.frankfurter;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrankfurterPricingTest {

    private static final Map<String, BigDecimal> PER_USD = Map.of(
            "EUR", new BigDecimal("0.95274"),
            "GBP", new BigDecimal("0.79621"),
            "JPY", new BigDecimal("154.32"),
            "IDR", new BigDecimal("15890.5"),
            "VND", new BigDecimal("25415000"));

    @ParameterizedTest
    @CsvSource({
        "EUR, USD, 1.04960", // 1 / 0.95274 = 1.049604...
        "USD, JPY, 154.32", // direct rate, digits kept as sent
        "USD, EUR, 0.95274",
        "EUR, GBP, 0.835705", // 0.79621 / 0.95274 = 0.8357054...
        "GBP, EUR, 1.19659", // 0.95274 / 0.79621 = 1.196594...
        "EUR, JPY, 161.975", // 154.32 / 0.95274 = 161.9749...
        "USD, VND, 25415000", // 8 digits, rounded to 6 significant: 25415000, plain scale
        "IDR, USD, 0.0000629307"
    })
    void pricesPairsFromUsdRates(String base, String quote, String expected) {
        BigDecimal price = FrankfurterPricing.price(new CurrencyPair(base, quote), PER_USD);

        assertThat(price).isEqualTo(new BigDecimal(expected));
    }

    @Test
    void roundsToSixSignificantDigitsWithoutScientificNotation() {
        BigDecimal price =
                FrankfurterPricing.price(new CurrencyPair("USD", "XXX"), Map.of("XXX", new BigDecimal("1234567.891")));

        assertThat(price).isEqualTo(new BigDecimal("1234570"));
        assertThat(price.toString()).isEqualTo("1234570");
    }

    @Test
    void missingCurrencyGivesNoPrice() {
        assertThat(FrankfurterPricing.price(new CurrencyPair("EUR", "CHF"), PER_USD))
                .isNull();
        assertThat(FrankfurterPricing.price(new CurrencyPair("CHF", "USD"), PER_USD))
                .isNull();
    }

    @Test
    void quotesAreReferenceRatesAtMidnightUtcWithoutChange() {
        FrankfurterRates rates = new FrankfurterRates(LocalDate.parse("2024-11-25"), PER_USD);
        Map<String, SymbolRejection> earlier =
                Map.of("GOLD", new SymbolRejection(Outcome.INVALID_SYMBOLS, "not a pair"));

        ProviderResponse response = new FrankfurterPricing("frankfurter")
                .price(
                        rates,
                        Map.of("EUR/USD", new CurrencyPair("EUR", "USD"), "USD/CHF", new CurrencyPair("USD", "CHF")),
                        earlier);

        Quote quote = response.quotes().get("EUR/USD");
        assertThat(quote.reference()).isTrue();
        assertThat(quote.stale()).isFalse();
        assertThat(quote.change()).isNull();
        assertThat(quote.changePercent()).isNull();
        assertThat(quote.asOf()).isEqualTo(Instant.parse("2024-11-25T00:00:00Z"));
        assertThat(quote.source()).isEqualTo("frankfurter");
        assertThat(response.rejected()).containsOnlyKeys("GOLD", "USD/CHF");
        assertThat(response.rejected().get("USD/CHF").outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(response.rejected().get("USD/CHF").message()).contains("CHF");
    }
}
