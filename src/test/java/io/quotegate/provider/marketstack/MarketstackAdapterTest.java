package io.quotegate.provider.marketstack;

import static io.quotegate.provider.marketstack.MarketstackFixture.KEY;
import static io.quotegate.provider.marketstack.MarketstackFixture.adapter;
import static io.quotegate.provider.marketstack.MarketstackFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
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

class MarketstackAdapterTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private final MockWebServer server = new MockWebServer();
    private String baseUrl;

    @BeforeEach
    void start() throws Exception {
        server.start();
        baseUrl = server.url("/v2").toString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void factoryDescribesAKeyedProvider() {
        MarketstackProviderFactory factory = new MarketstackProviderFactory();

        assertThat(factory.name()).isEqualTo("marketstack");
        assertThat(factory.requiresKey()).isTrue();
        assertThat(factory.keyVariable()).isEqualTo("MARKETSTACK_API_KEY");
        assertThat(adapter(baseUrl).name()).isEqualTo("marketstack");
    }

    @Test
    void singleSymbolWithNumbersBecomesAQuoteWithChangeAgainstTheOpen() throws Exception {
        server.enqueue(json(200, """
                {"pagination":{"limit":100,"offset":0,"count":1,"total":1},
                 "data":[{"open":82.51,"high":82.55,"low":81.72,"close":82.08,"volume":1479288.0,
                          "adj_high":null,"adj_low":null,"adj_close":82.08,"adj_open":null,"adj_volume":null,
                          "split_factor":1.0,"dividend":0.0,"symbol":"DJI.INDX","exchange":"INDX",
                          "date":"2021-02-22T00:00:00+0000"}]}"""));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("DJI")))
                .assertNext(response -> {
                    assertThat(response.rejected()).isEmpty();
                    assertThat(response.usage()).isEqualTo(ReportedUsage.NONE);
                    Quote quote = response.quotes().get("DJI");
                    assertThat(quote.symbol()).isEqualTo("DJI");
                    assertThat(quote.price()).isEqualByComparingTo("82.08");
                    assertThat(quote.change()).isEqualByComparingTo("-0.43");
                    assertThat(quote.changePercent()).isEqualTo(new BigDecimal("-0.5211"));
                    assertThat(quote.asOf()).isEqualTo(Instant.parse("2021-02-22T00:00:00Z"));
                    assertThat(quote.source()).isEqualTo("marketstack");
                    assertThat(quote.stale()).isFalse();
                    assertThat(quote.reference()).isFalse();
                })
                .expectComplete()
                .verify(WAIT);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v2/eod/latest");
        assertThat(request.getUrl().queryParameter("symbols")).isEqualTo("DJI.INDX");
        assertThat(request.getUrl().queryParameter("access_key")).isEqualTo(KEY);
    }

    @Test
    void multiSymbolBatchWithNumbersAsStringsIsMappedBackToFeedSymbols() throws Exception {
        server.enqueue(json(200, """
                {"pagination":{"limit":100,"offset":0,"count":3,"total":3},"data":[
                 {"open":"5900.00","close":"5950.50","adj_close":null,"symbol":"GSPC.INDX","date":"2024-11-25T00:00:00+0000"},
                 {"open":"20800","close":"20700","symbol":"NDX.INDX","date":"2024-11-25T00:00:00+0000"},
                 {"open":44000.0,"close":44296.51,"symbol":"DJI.INDX","date":"2024-11-25T00:00:00+0000"}]}"""));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("SPX", "NDX", "DJI")))
                .assertNext(response -> {
                    assertThat(response.quotes()).containsOnlyKeys("SPX", "NDX", "DJI");
                    assertThat(response.quotes().get("SPX").price()).isEqualByComparingTo("5950.50");
                    assertThat(response.quotes().get("SPX").change()).isEqualByComparingTo("50.50");
                    assertThat(response.quotes().get("SPX").changePercent()).isEqualTo(new BigDecimal("0.8559"));
                    assertThat(response.quotes().get("NDX").changePercent()).isEqualTo(new BigDecimal("-0.4808"));
                    assertThat(response.quotes().get("DJI").price()).isEqualByComparingTo("44296.51");
                    assertThat(response.quotes().values())
                            .extracting(Quote::symbol)
                            .containsExactlyInAnyOrder("SPX", "NDX", "DJI");
                })
                .expectComplete()
                .verify(WAIT);

        assertThat(server.takeRequest().getUrl().queryParameter("symbols")).isEqualTo("GSPC.INDX,NDX.INDX,DJI.INDX");
    }

    @Test
    void anUnrequestedBarIsNeverServedAndMakesTheMissingSymbolMalformedNotUnknown() {
        server.enqueue(json(200, """
                {"pagination":{"count":2},"data":[
                 {"open":100,"close":101,"symbol":"FTSE.INDX","date":"2024-11-25T00:00:00+0000"},
                 {"open":1,"close":2,"symbol":"AAPL","date":"2024-11-25T00:00:00+0000"}]}"""));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("FTSE", "DAX")))
                .assertNext(response -> {
                    assertThat(response.quotes()).containsOnlyKeys("FTSE");
                    assertThat(response.rejected()).containsOnlyKeys("DAX");
                    assertThat(response.rejected().get("DAX").outcome())
                            .as("the answer was about AAPL, which says nothing of DAX: no quarantine")
                            .isEqualTo(Outcome.MALFORMED);
                    assertThat(response.rejected().get("DAX").message()).contains("GDAXI.INDX", "AAPL");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void emptyDataRejectsEverySymbol() {
        server.enqueue(json(200, "{\"pagination\":{\"count\":0,\"total\":0},\"data\":[]}"));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("HSI", "N225")))
                .assertNext(response -> {
                    assertThat(response.quotes()).isEmpty();
                    assertThat(response.rejected()).containsOnlyKeys("HSI", "N225");
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void barWithoutReadableCloseIsRejectedAsMalformedAndMissingOpenLeavesChangeEmpty() {
        server.enqueue(json(200, """
                {"data":[
                 {"open":100,"close":null,"symbol":"SSMI.INDX","date":"2024-11-25T00:00:00+0000"},
                 {"open":null,"close":"7200.5","symbol":"IBEX.INDX","date":"2024-11-25T00:00:00+0000"},
                 {"open":0,"close":"3100","symbol":"AXJO.INDX","date":"not a date"}]}"""));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("SMI", "IBEX", "ASX")))
                .assertNext(response -> {
                    assertThat(response.quotes()).containsOnlyKeys("IBEX");
                    assertThat(response.quotes().get("IBEX").price()).isEqualByComparingTo("7200.5");
                    assertThat(response.quotes().get("IBEX").change()).isNull();
                    assertThat(response.quotes().get("IBEX").changePercent()).isNull();
                    assertThat(response.rejected()).containsOnlyKeys("SMI", "ASX");
                    assertThat(response.rejected().values()).allMatch(r -> r.outcome() == Outcome.MALFORMED);
                })
                .expectComplete()
                .verify(WAIT);
    }

    @Test
    void overrideMappingIsSentAndMappedBackCaseInsensitively() throws Exception {
        server.enqueue(json(200, """
                {"data":[{"open":5900,"close":5950,"symbol":"spx.indx","date":"2024-11-25T00:00:00+0000"},
                         {"open":5800,"close":5850,"symbol":"SPX.INDX","date":"2024-11-22T00:00:00+0000"}]}"""));
        ProviderAdapter adapter = adapter(baseUrl, KEY, Map.of("SPX", "SPX.INDX"));

        StepVerifier.create(adapter.fetch(List.of("SPX", "SPX")))
                .assertNext(response -> {
                    assertThat(response.quotes()).containsOnlyKeys("SPX");
                    assertThat(response.quotes().get("SPX").price()).isEqualByComparingTo("5950");
                    assertThat(response.quotes().get("SPX").asOf()).isEqualTo(Instant.parse("2024-11-25T00:00:00Z"));
                })
                .expectComplete()
                .verify(WAIT);

        assertThat(server.takeRequest().getUrl().queryParameter("symbols")).isEqualTo("SPX.INDX");
    }

    @Test
    void keyWithReservedCharactersIsEncodedInTheQuery() throws Exception {
        server.enqueue(json(200, "{\"data\":[]}"));
        String key = "k+y&x=1 2";

        StepVerifier.create(adapter(baseUrl, key, Map.of()).fetch(List.of("DJI")))
                .expectNextCount(1)
                .expectComplete()
                .verify(WAIT);

        RecordedRequest request = server.takeRequest();
        assertThat(request.getUrl().queryParameter("access_key")).isEqualTo(key);
        assertThat(request.getUrl().queryParameterNames()).containsExactlyInAnyOrder("symbols", "access_key");
    }

    @Test
    void emptyBatchMakesNoRequest() {
        StepVerifier.create(adapter(baseUrl).fetch(List.of()))
                .assertNext(response -> assertThat(response.quotes()).isEmpty())
                .expectComplete()
                .verify(WAIT);

        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void fetchIsLazyAndSendsOneRequestPerSubscription() {
        server.enqueue(json(200, "{\"data\":[]}"));
        var mono = adapter(baseUrl).fetch(List.of("DJI"));

        assertThat(server.getRequestCount()).isZero();
        StepVerifier.create(mono).expectNextCount(1).expectComplete().verify(WAIT);
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void missingBaseUrlFallsBackToMarketstackV2() {
        // The registry applies it (ProviderRegistryTest); the adapter only sees the resulting base URL.
        assertThat(new MarketstackProviderFactory().defaultBaseUrl()).isEqualTo("https://api.marketstack.com/v2");
    }

    @Test
    void flatDayHasZeroChangeAndABareDateIsMidnightUtc() {
        server.enqueue(
                json(200, "{\"data\":[{\"open\":1,\"close\":1,\"symbol\":\"RUT.INDX\",\"date\":\"2024-11-25\"}]}"));

        StepVerifier.create(adapter(baseUrl).fetch(List.of("RUT")))
                .assertNext(response -> {
                    Quote quote = response.quotes().get("RUT");
                    assertThat(quote.change()).isEqualByComparingTo("0");
                    assertThat(quote.changePercent()).isEqualByComparingTo("0");
                    assertThat(quote.asOf()).isEqualTo(Instant.parse("2024-11-25T00:00:00Z"));
                })
                .expectComplete()
                .verify(WAIT);
    }
}
