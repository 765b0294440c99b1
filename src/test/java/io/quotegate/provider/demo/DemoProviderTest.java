package io.quotegate.provider.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.Quote;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.TestSettings;
import io.quotegate.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoProviderTest {

    private static final int STEPS = 100;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-05T10:00:00Z"));

    private ProviderAdapter demo(long seed) {
        ProviderSettings settings =
                TestSettings.of("demo", null, null, 8, Map.of(), Duration.ofSeconds(5), Map.of(), seed);
        ProviderHttp http =
                new ProviderHttp("demo", "http://localhost:1", Duration.ofSeconds(5), new KeyRedactor(List.of()));
        return new DemoProviderFactory().create(new ProviderContext(settings, http, clock));
    }

    private static List<Quote> walk(ProviderAdapter adapter, String symbol, int steps) {
        List<Quote> quotes = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            quotes.add(adapter.fetch(List.of(symbol))
                    .block(Duration.ofSeconds(5))
                    .quotes()
                    .get(symbol));
        }
        return quotes;
    }

    private static List<BigDecimal> prices(List<Quote> quotes) {
        return quotes.stream().map(Quote::price).toList();
    }

    @Test
    void theFactoryServesTheDemoProviderWithoutAKey() {
        DemoProviderFactory factory = new DemoProviderFactory();

        assertThat(factory.name()).isEqualTo("demo");
        assertThat(factory.requiresKey()).isFalse();
        assertThat(demo(42).name()).isEqualTo("demo");
    }

    @Test
    void pricesStayWithinTheirAssetClassOverAHundredSteps() {
        ProviderAdapter demo = demo(42);
        assertThat(prices(walk(demo, "EUR/USD", STEPS)))
                .allSatisfy(p -> assertThat(p).isBetween(bd("1.0"), bd("1.2")));
        assertThat(prices(walk(demo, "USD/JPY", STEPS)))
                .allSatisfy(p -> assertThat(p).isBetween(bd("130"), bd("170")));
        assertThat(prices(walk(demo, "BTC/USD", STEPS)))
                .allSatisfy(p -> assertThat(p).isBetween(bd("40000"), bd("80000")));
        assertThat(prices(walk(demo, "XAU/USD", STEPS)))
                .allSatisfy(p -> assertThat(p).isBetween(bd("2000"), bd("2800")));
        assertThat(prices(walk(demo, "SPX", STEPS)))
                .allSatisfy(p -> assertThat(p).isBetween(bd("4000"), bd("6000")));
    }

    @Test
    void pricesWalkRatherThanStandStill() {
        List<BigDecimal> eur = prices(walk(demo(42), "EUR/USD", STEPS));

        assertThat(eur.stream().distinct().count()).isGreaterThan(STEPS / 2);
    }

    @Test
    void theSameSeedGivesTheSameSequence() {
        for (String symbol : List.of("EUR/USD", "BTC/USD", "SPX")) {
            assertThat(prices(walk(demo(42), symbol, STEPS)))
                    .as(symbol)
                    .isEqualTo(prices(walk(demo(42), symbol, STEPS)));
        }
    }

    @Test
    void aDifferentSeedGivesADifferentSequence() {
        assertThat(prices(walk(demo(42), "EUR/USD", STEPS))).isNotEqualTo(prices(walk(demo(7), "EUR/USD", STEPS)));
        assertThat(prices(walk(demo(42), "BTC/USD", STEPS))).isNotEqualTo(prices(walk(demo(43), "BTC/USD", STEPS)));
    }

    @Test
    void aSymbolsSequenceDoesNotDependOnWhatItIsBatchedWith() {
        ProviderAdapter alone = demo(42);
        ProviderAdapter batched = demo(42);
        List<BigDecimal> inBatch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            inBatch.add(batched.fetch(List.of("GBP/USD", "EUR/USD", "USD/JPY"))
                    .block()
                    .quotes()
                    .get("EUR/USD")
                    .price());
        }

        assertThat(inBatch).isEqualTo(prices(walk(alone, "EUR/USD", 20)));
    }

    @Test
    void everyRequestedSymbolIsServedBySourceDemoAtTheClocksTime() {
        List<String> batch = List.of("EUR/USD", "USD/JPY", "BTC/USD", "XAU/USD", "SPX", "NDX", "WTI/USD", "DOGE/USD");
        ProviderAdapter demo = demo(42);
        demo.fetch(batch).block();
        clock.advance(Duration.ofMinutes(30));

        ProviderResponse response = demo.fetch(batch).block();

        assertThat(response.quotes()).containsOnlyKeys(batch);
        assertThat(response.rejected()).isEmpty();
        assertThat(response.quotes().values()).allSatisfy(q -> {
            assertThat(q.source()).isEqualTo("demo");
            assertThat(q.stale()).isFalse();
            assertThat(q.asOf()).isEqualTo(Instant.parse("2024-03-05T10:30:00Z"));
            assertThat(q.price()).isPositive();
            assertThat(q.change()).isNotNull();
            assertThat(q.changePercent()).isNotNull();
        });
        assertThat(response.quotes().get("SPX").symbol()).isEqualTo("SPX");
    }

    @Test
    void changeIsPriceMinusTheBaseAndChangePercentAgrees() {
        Map<String, String> bases =
                Map.of("EUR/USD", "1.08", "USD/JPY", "150", "BTC/USD", "60000", "XAU/USD", "2400", "SPX", "5000");
        bases.forEach((symbol, base) -> {
            for (Quote q : walk(demo(42), symbol, STEPS)) {
                assertThat(q.price().subtract(q.change())).as(symbol + " base").isEqualByComparingTo(base);
                double expectedPct = q.change().doubleValue() * 100 / Double.parseDouble(base);
                assertThat(q.changePercent().doubleValue())
                        .as(symbol + " change %")
                        .isCloseTo(expectedPct, within(0.0001));
            }
        });
    }

    private static BigDecimal bd(String value) {
        return new BigDecimal(value);
    }
}
