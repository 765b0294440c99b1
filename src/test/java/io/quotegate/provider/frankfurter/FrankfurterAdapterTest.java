package io.quotegate.provider.frankfurter;

import static io.quotegate.provider.frankfurter.FrankfurterFixture.adapter;
import static io.quotegate.provider.frankfurter.FrankfurterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class FrankfurterAdapterTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> MAJORS =
            List.of("EUR/USD", "GBP/USD", "USD/JPY", "USD/CHF", "AUD/USD", "USD/CAD", "NZD/USD", "EUR/GBP");

    private final MockWebServer server = new MockWebServer();
    private String baseUrl;

    @BeforeEach
    void start() throws Exception {
        server.start();
        baseUrl = server.url("/v1").toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void factoryDescribesAKeylessProvider() {
        FrankfurterProviderFactory factory = new FrankfurterProviderFactory();

        assertThat(factory.name()).isEqualTo("frankfurter");
        assertThat(factory.requiresKey()).isFalse();
        assertThat(adapter(baseUrl).name()).isEqualTo("frankfurter");
    }

    @Test
    void singlePairIsAnInvertedReferenceRate() throws Exception {
        server.enqueue(
                json(200, "{\"amount\":1.0,\"base\":\"USD\",\"date\":\"2024-11-25\",\"rates\":{\"EUR\":0.95274}}"));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("EUR/USD")))
                .assertNext(response -> {
                    assertThat(response.rejected()).isEmpty();
                    assertThat(response.usage()).isEqualTo(ReportedUsage.NONE);
                    Quote quote = response.quotes().get("EUR/USD");
                    assertThat(quote.symbol()).isEqualTo("EUR/USD");
                    assertThat(quote.price()).isEqualTo(new BigDecimal("1.04960"));
                    assertThat(quote.reference()).isTrue();
                    assertThat(quote.change()).isNull();
                    assertThat(quote.changePercent()).isNull();
                    assertThat(quote.asOf()).isEqualTo(Instant.parse("2024-11-25T00:00:00Z"));
                    assertThat(quote.source()).isEqualTo("frankfurter");
                })
                .expectComplete()
                .verify(WAIT);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/latest");
        assertThat(request.getUrl().queryParameter("base")).isEqualTo("USD");
        assertThat(request.getUrl().queryParameter("symbols")).isEqualTo("EUR");
    }

    @Test
    void majorsComeFromOneCallIncludingTheEurGbpCross() throws Exception {
        server.enqueue(json(200, """
                {"amount":1.0,"base":"USD","date":"2024-11-25","rates":{"AUD":1.5361,"CAD":1.3971,"CHF":0.88637,
                 "EUR":0.95274,"GBP":0.79621,"JPY":154.32,"NZD":1.7105}}"""));

        StepVerifier.create(adapter(baseUrl).fetch(MAJORS))
                .assertNext(response -> {
                    assertThat(response.quotes()).containsOnlyKeys(MAJORS);
                    assertThat(response.quotes().values()).allMatch(Quote::reference);
                    assertThat(response.quotes().get("EUR/GBP").price()).isEqualTo(new BigDecimal("0.835705"));
                    assertThat(response.quotes().get("GBP/USD").price()).isEqualTo(new BigDecimal("1.25595"));
                    assertThat(response.quotes().get("USD/JPY").price()).isEqualTo(new BigDecimal("154.32"));
                    assertThat(response.quotes().get("USD/CHF").price()).isEqualTo(new BigDecimal("0.88637"));
                    assertThat(response.quotes().get("AUD/USD").price()).isEqualTo(new BigDecimal("0.650999"));
                    assertThat(response.quotes().get("USD/CAD").price()).isEqualTo(new BigDecimal("1.3971"));
                    assertThat(response.quotes().get("NZD/USD").price()).isEqualTo(new BigDecimal("0.584624"));
                })
                .expectComplete()
                .verify(WAIT);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().queryParameter("symbols")).isEqualTo("AUD,CAD,CHF,EUR,GBP,JPY,NZD");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void ratesGivenAsStringsAreRead() {
        server.enqueue(
                json(
                        200,
                        "{\"amount\":\"1\",\"base\":\"USD\",\"date\":\"2024-11-25\",\"rates\":{\"EUR\":\"0.95274\",\"GBP\":\"0.79621\"}}"));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("EUR/GBP")))
                .assertNext(response ->
                        assertThat(response.quotes().get("EUR/GBP").price()).isEqualTo(new BigDecimal("0.835705")))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void pairsNeedingADroppedCurrencyAreRejected() throws Exception {
        // Frankfurter silently drops currencies it does not know (here XYZ) and ones with unreadable rates.
        server.enqueue(
                json(
                        200,
                        "{\"amount\":1.0,\"base\":\"USD\",\"date\":\"2024-11-25\",\"rates\":{\"EUR\":0.95274,\"GBP\":\"n/a\"}}"));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("EUR/USD", "XYZ/USD", "EUR/GBP")))
                .assertNext(response -> {
                    assertThat(response.quotes()).containsOnlyKeys("EUR/USD");
                    assertThat(response.rejected()).containsOnlyKeys("XYZ/USD", "EUR/GBP");
                    assertThat(response.rejected().get("XYZ/USD").outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
                    assertThat(response.rejected().get("XYZ/USD").message()).contains("XYZ", "not in response");
                    assertThat(response.rejected().get("EUR/GBP").message()).contains("GBP");
                })
                .expectComplete()
                .verify(WAIT);

        assertThat(server.takeRequest().getUrl().queryParameter("symbols")).isEqualTo("EUR,GBP,XYZ");
    }

    @Test
    void symbolsThatAreNotPairsAreRejectedWithoutBeingSent() throws Exception {
        server.enqueue(
                json(200, "{\"amount\":1.0,\"base\":\"USD\",\"date\":\"2024-11-25\",\"rates\":{\"JPY\":154.32}}"));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("GOLD", "USD/JPY", "USD/USD")))
                .assertNext(response -> {
                    assertThat(response.quotes()).containsOnlyKeys("USD/JPY");
                    assertThat(response.rejected()).containsOnlyKeys("GOLD", "USD/USD");
                    assertThat(response.rejected().get("GOLD").message()).contains("not a currency pair");
                })
                .expectComplete()
                .verify(WAIT);

        assertThat(server.takeRequest().getUrl().queryParameter("symbols")).isEqualTo("JPY");
    }

    @Test
    void batchWithoutAnyPairMakesNoRequest() {
        StepVerifier.create(adapter(baseUrl).fetch(List.of("GOLD", "SPX")))
                .assertNext(response -> {
                    assertThat(response.quotes()).isEmpty();
                    assertThat(response.rejected()).containsOnlyKeys("GOLD", "SPX");
                })
                .expectComplete()
                .verify(WAIT);
        StepVerifier.create(adapter(baseUrl).fetch(List.of()))
                .assertNext(response -> assertThat(response.quotes()).isEmpty())
                .expectComplete()
                .verify(WAIT);

        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void overrideMapsAFeedSymbolToAnotherPair() throws Exception {
        server.enqueue(
                json(200, "{\"amount\":1.0,\"base\":\"USD\",\"date\":\"2024-11-25\",\"rates\":{\"CNY\":7.2435}}"));

        StepVerifier.create(adapter(baseUrl, Map.of("USD/CNH", "USD/CNY")).fetch(List.of("USD/CNH")))
                .assertNext(response -> {
                    assertThat(response.quotes()).containsOnlyKeys("USD/CNH");
                    assertThat(response.quotes().get("USD/CNH").symbol()).isEqualTo("USD/CNH");
                    assertThat(response.quotes().get("USD/CNH").price()).isEqualTo(new BigDecimal("7.2435"));
                })
                .expectComplete()
                .verify(WAIT);

        assertThat(server.takeRequest().getUrl().queryParameter("symbols")).isEqualTo("CNY");
    }

    @Test
    void amountOtherThanOneIsDividedOut() {
        server.enqueue(
                json(200, "{\"amount\":10.0,\"base\":\"USD\",\"date\":\"2024-11-25\",\"rates\":{\"EUR\":9.5274}}"));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("EUR/USD")))
                .assertNext(response ->
                        assertThat(response.quotes().get("EUR/USD").price()).isEqualTo(new BigDecimal("1.04960")))
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void answerForAnotherBaseIsMalformed() {
        server.enqueue(
                json(200, "{\"amount\":1.0,\"base\":\"EUR\",\"date\":\"2024-11-25\",\"rates\":{\"USD\":1.0496}}"));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("EUR/USD")))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProviderException.class);
                    assertThat(((ProviderException) e).outcome()).isEqualTo(Outcome.MALFORMED);
                    assertThat(e.getMessage()).contains("base USD", "EUR");
                })
                .verify(WAIT);
    }

    @Test
    void missingBaseUrlFallsBackToFrankfurterV1() {
        // The registry applies it (ProviderRegistryTest); the adapter only sees the resulting base URL.
        assertThat(new FrankfurterProviderFactory().defaultBaseUrl()).isEqualTo("https://api.frankfurter.dev/v1");
    }
}
