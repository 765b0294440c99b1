package io.quotegate.provider.binance;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.TestSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class BinanceAdapterTest {

    /**
     * As long as the other adapters' tests allow (TwelveDataFixture, FrankfurterFixture): a first request
     * on a cold JVM of a busy machine took over the 2 s these tests had, and timed out.
     */
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private static final Instant NOW = Instant.parse("2024-03-25T08:45:00Z");
    private static final String SECRET = "sekrit-binance-key-123";
    private static final String BTC = """
            {"symbol":"BTCUSDT","priceChange":"2421.47000000","priceChangePercent":"3.742","lastPrice":"67135.01000000",
             "openPrice":"64713.54000000","closeTime":1711356299999,"count":1234567}""";
    private static final String ETH = """
            {"symbol":"ETHUSDT","priceChange":"-14.41000000","priceChangePercent":"-0.408","lastPrice":"3520.11000000",
             "closeTime":1711356290000}""";

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderAdapter adapter(Map<String, String> overrides) {
        String baseUrl = server.url("/").toString();
        ProviderSettings settings =
                TestSettings.of("binance", baseUrl, SECRET, 20, overrides, HTTP_TIMEOUT, Map.of(), 0);
        ProviderHttp http = new ProviderHttp("binance", baseUrl, HTTP_TIMEOUT, new KeyRedactor(List.of(SECRET)));
        return new BinanceProviderFactory()
                .create(new ProviderContext(settings, http, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private ProviderAdapter adapter() {
        return adapter(Map.of());
    }

    private void enqueue(int code, String body, String... headers) {
        MockResponse.Builder response = new MockResponse.Builder().code(code).body(body);
        for (int i = 0; i < headers.length; i += 2) {
            response.addHeader(headers[i], headers[i + 1]);
        }
        server.enqueue(response.build());
    }

    private RecordedRequest request() throws InterruptedException {
        RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(request).as("request sent").isNotNull();
        return request;
    }

    private static void verifyResponse(Mono<ProviderResponse> mono, Consumer<ProviderResponse> check) {
        StepVerifier.create(mono).assertNext(check).expectComplete().verify(HTTP_TIMEOUT.multipliedBy(2));
    }

    private static void verifyFailure(Mono<ProviderResponse> mono, Outcome outcome, Consumer<ProviderException> check) {
        StepVerifier.create(mono)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProviderException.class);
                    ProviderException pe = (ProviderException) e;
                    assertThat(pe.outcome()).isEqualTo(outcome);
                    assertThat(pe.getMessage()).doesNotContain(SECRET);
                    check.accept(pe);
                })
                .verify(HTTP_TIMEOUT.multipliedBy(2));
    }

    @Test
    void batchSendsSymbolsAsUrlEncodedJsonArray_andNeverTheSingularParam() throws InterruptedException {
        enqueue(200, "[" + BTC + "," + ETH + "]");

        verifyResponse(
                adapter().fetch(List.of("BTC/USD", "ETH/USD")),
                r -> assertThat(r.quotes()).hasSize(2));

        RecordedRequest request = request();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v3/ticker/24hr");
        assertThat(request.getTarget()).endsWith("?symbols=%5B%22BTCUSDT%22,%22ETHUSDT%22%5D");
        assertThat(request.getUrl().queryParameter("symbols")).isEqualTo("[\"BTCUSDT\",\"ETHUSDT\"]");
        assertThat(request.getUrl().queryParameter("symbol")).isNull();
    }

    @Test
    void batchArrayIsParsedFromStringNumbers_keyedByFeedSymbol() {
        enqueue(200, "[" + ETH + "," + BTC + "]");

        verifyResponse(adapter().fetch(List.of("BTC/USD", "ETH/USD")), r -> {
            assertThat(r.quotes()).containsOnlyKeys("BTC/USD", "ETH/USD");
            var btc = r.quotes().get("BTC/USD");
            assertThat(btc.symbol()).isEqualTo("BTC/USD");
            assertThat(btc.price()).isEqualTo(new BigDecimal("67135.01000000"));
            assertThat(btc.change()).isEqualTo(new BigDecimal("2421.47000000"));
            assertThat(btc.changePercent()).isEqualTo(new BigDecimal("3.742"));
            assertThat(btc.asOf()).isEqualTo(Instant.ofEpochMilli(1711356299999L));
            assertThat(btc.source()).isEqualTo("binance");
            assertThat(r.quotes().get("ETH/USD").change()).isEqualTo(new BigDecimal("-14.41000000"));
            assertThat(r.rejected()).isEmpty();
        });
    }

    @Test
    void oneSymbolBatchStillUsesTheSymbolsArray() throws InterruptedException {
        enqueue(200, "[" + BTC + "]");

        verifyResponse(
                adapter().fetch(List.of("BTC/USD")),
                r -> assertThat(r.quotes().get("BTC/USD").price()).isEqualByComparingTo("67135.01"));

        RecordedRequest request = request();
        assertThat(request.getUrl().queryParameter("symbols")).isEqualTo("[\"BTCUSDT\"]");
        assertThat(request.getUrl().queryParameter("symbol")).isNull();
    }

    @Test
    void singleObjectShapeIsAcceptedToo() {
        enqueue(200, BTC);

        verifyResponse(adapter().fetch(List.of("BTC/USD")), r -> {
            assertThat(r.quotes()).containsOnlyKeys("BTC/USD");
            assertThat(r.quotes().get("BTC/USD").price()).isEqualByComparingTo("67135.01");
        });
    }

    @Test
    void numericJsonValuesAreAcceptedAsWellAsStrings() {
        enqueue(
                200,
                "[{\"symbol\":\"BTCUSDT\",\"lastPrice\":67135.01,\"priceChange\":12,\"priceChangePercent\":null}]");

        verifyResponse(adapter().fetch(List.of("BTC/USD")), r -> {
            var btc = r.quotes().get("BTC/USD");
            assertThat(btc.price()).isEqualByComparingTo("67135.01");
            assertThat(btc.change()).isEqualByComparingTo("12");
            assertThat(btc.changePercent()).isNull();
            assertThat(btc.asOf()).as("no closeTime: time of receipt").isEqualTo(NOW);
        });
    }

    @Test
    void usedWeightHeaderIsReportedAsMinuteUsage() {
        enqueue(200, "[" + BTC + "]", "X-MBX-USED-WEIGHT-1M", "42", "X-MBX-USED-WEIGHT-1S", "2");

        verifyResponse(
                adapter().fetch(List.of("BTC/USD")),
                r -> assertThat(r.usage()).isEqualTo(ReportedUsage.of(Window.MINUTE, 42)));
    }

    @Test
    void noUsageReportedWithoutTheHeader() {
        enqueue(200, "[" + BTC + "]");

        verifyResponse(
                adapter().fetch(List.of("BTC/USD")),
                r -> assertThat(r.usage().isEmpty()).isTrue());
    }

    @Test
    void symbolAbsentFromTheAnswerIsRejectedAsInvalid() {
        enqueue(200, "[" + BTC + "]");

        verifyResponse(adapter().fetch(List.of("BTC/USD", "ETH/USD")), r -> {
            assertThat(r.quotes()).containsOnlyKeys("BTC/USD");
            assertThat(r.rejected()).containsOnlyKeys("ETH/USD");
            assertThat(r.rejected().get("ETH/USD").outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        });
    }

    @Test
    void tickerWithoutAPositivePriceIsRejected_othersServed() {
        enqueue(200, "[" + BTC + ",{\"symbol\":\"ETHUSDT\",\"lastPrice\":\"0.00000000\",\"closeTime\":0}]");

        verifyResponse(adapter().fetch(List.of("BTC/USD", "ETH/USD")), r -> {
            assertThat(r.quotes()).containsOnlyKeys("BTC/USD");
            assertThat(r.rejected().get("ETH/USD").outcome()).isEqualTo(Outcome.MALFORMED);
        });
    }

    @Test
    void overridesAreSentAndMappedBack() throws InterruptedException {
        enqueue(200, "[{\"symbol\":\"BTCFDUSD\",\"lastPrice\":\"67000.5\",\"closeTime\":1711356299999}]");

        verifyResponse(adapter(Map.of("BTC/USD", "BTCFDUSD")).fetch(List.of("BTC/USD")), r -> {
            assertThat(r.quotes()).containsOnlyKeys("BTC/USD");
            assertThat(r.quotes().get("BTC/USD").price()).isEqualByComparingTo("67000.5");
        });
        assertThat(request().getUrl().queryParameter("symbols")).isEqualTo("[\"BTCFDUSD\"]");
    }

    @Test
    void invalidSymbolsAreNotSent_andNoRequestLeavesWhenNoneRemain() {
        verifyResponse(adapter().fetch(List.of("BTC USD!")), r -> {
            assertThat(r.quotes()).isEmpty();
            assertThat(r.rejected().get("BTC USD!").outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        });
        assertThat(server.getRequestCount()).isZero();
    }

    @Test
    void invalidSymbolInMultiSymbolBatch_blamesNoSymbolSoTheCallerBisects() {
        enqueue(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");

        verifyFailure(adapter().fetch(List.of("BTC/USD", "NOPE/USD")), Outcome.INVALID_SYMBOLS, e -> {
            assertThat(e.symbols()).isEmpty();
            assertThat(e.getMessage()).contains("-1121").contains("Invalid symbol.");
        });
    }

    @Test
    void invalidSymbolInOneSymbolBatch_namesTheFeedSymbol() {
        enqueue(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");

        verifyFailure(
                adapter().fetch(List.of("NOPE/USD")),
                Outcome.INVALID_SYMBOLS,
                e -> assertThat(e.symbols()).containsExactly("NOPE/USD"));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1100, -1102, -1128})
    void badRequestCodesAreMalformed(int code) {
        enqueue(400, "{\"code\":" + code + ",\"msg\":\"Illegal characters found in parameter 'symbols'.\"}");

        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.MALFORMED,
                e -> assertThat(e.getMessage()).contains(String.valueOf(code)));
    }

    @Test
    void http429IsRateLimitedForTheMinute_withRetryAfter() {
        enqueue(
                429,
                "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 6000 request weight per 1 MINUTE.\"}",
                "Retry-After",
                "37");

        verifyFailure(adapter().fetch(List.of("BTC/USD")), Outcome.RATE_LIMITED, e -> {
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(37));
            assertThat(e.window()).isEqualTo(Window.MINUTE);
        });
    }

    @Test
    void code1003IsRateLimitedWhateverTheStatus() {
        enqueue(400, "{\"code\":-1003,\"msg\":\"Too many requests.\"}");

        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.RATE_LIMITED,
                e -> assertThat(e.window()).isEqualTo(Window.MINUTE));
    }

    @Test
    void http418IsBannedUntilRetryAfter() {
        enqueue(
                418,
                "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until 1711357000000.\"}",
                "Retry-After",
                "120");

        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.BANNED,
                e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120)));
    }

    @Test
    void http403WafIsTransient() {
        enqueue(403, "<html><body>403 Forbidden</body></html>");

        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.TRANSIENT,
                e -> assertThat(e.getMessage()).contains("403"));
    }

    @Test
    void http451RestrictedLocationIsPlanRestricted() {
        enqueue(451, "{\"code\":0,\"msg\":\"Service unavailable from a restricted location.\"}");

        verifyFailure(adapter().fetch(List.of("BTC/USD")), Outcome.PLAN_RESTRICTED, e -> {});
    }

    @Test
    void htmlBadGatewayIsTransient() {
        enqueue(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>", "Retry-After", "5");

        verifyFailure(adapter().fetch(List.of("BTC/USD")), Outcome.TRANSIENT, e -> {
            assertThat(e.getMessage()).contains("502");
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void jsonServerErrorIsTransient() {
        enqueue(503, "{\"code\":-1008,\"msg\":\"Server is currently overloaded with other requests.\"}");

        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.TRANSIENT,
                e -> assertThat(e.getMessage()).contains("-1008"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"[{\"symbol\":\"BTCUSDT\",\"lastPrice\":\"6713", "", "   ", "null", "\"text\"", "[] []", "OK"})
    void unreadableSuccessBodyIsMalformed(String body) {
        enqueue(200, body);

        verifyFailure(adapter().fetch(List.of("BTC/USD")), Outcome.MALFORMED, e -> {});
    }

    @Test
    void htmlOnSuccessStatusIsTransient() {
        enqueue(200, "<!DOCTYPE html><html><body>Checking your browser</body></html>");

        verifyFailure(adapter().fetch(List.of("BTC/USD")), Outcome.TRANSIENT, e -> {});
    }

    @Test
    void errorBodyOnSuccessStatusIsStillAnError() {
        enqueue(200, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");

        verifyFailure(
                adapter().fetch(List.of("NOPE/USD")),
                Outcome.INVALID_SYMBOLS,
                e -> assertThat(e.symbols()).containsExactly("NOPE/USD"));
    }

    @Test
    void keyIsNeverSent_andUpstreamTextEchoingItIsRedacted() throws InterruptedException {
        enqueue(400, "{\"code\":-1102,\"msg\":\"Bad param " + SECRET + " apikey=" + SECRET + "\"}");

        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.MALFORMED,
                e -> assertThat(e.getMessage()).contains("***"));

        RecordedRequest request = request();
        assertThat(request.getTarget()).doesNotContain(SECRET);
        assertThat(request.getHeaders().toString()).doesNotContain(SECRET);
    }

    @Test
    void eachSubscriptionMakesExactlyOneRequest() {
        enqueue(200, "[" + BTC + "]");
        enqueue(200, "[" + BTC + "]");
        Mono<ProviderResponse> fetch = adapter().fetch(List.of("BTC/USD"));

        verifyResponse(fetch, r -> assertThat(r.quotes()).hasSize(1));
        verifyResponse(fetch, r -> assertThat(r.quotes()).hasSize(1));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
