package io.quotegate.provider.coingecko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quotegate.logging.KeyRedactor;
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
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class CoinGeckoAdapterTest {

    /**
     * As long as the other adapters' tests allow (TwelveDataFixture, FrankfurterFixture): a first request
     * on a cold JVM of a busy machine took over the 2 s these tests had, and timed out.
     */
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    private static final Instant NOW = Instant.parse("2024-03-25T08:50:00Z");
    private static final String KEY = "CG-sekritDemoKey42";
    private static final String BOTH = """
            {"bitcoin":{"usd":67187.33,"usd_24h_change":3.64,"last_updated_at":1711356300},
             "ethereum":{"usd":3520.11,"usd_24h_change":-0.41,"last_updated_at":1711356290}}""";

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ProviderAdapter adapter(@Nullable String key, Map<String, String> overrides) {
        String baseUrl = server.url("/api/v3").toString();
        ProviderSettings settings =
                TestSettings.of("coingecko", baseUrl, key, 50, overrides, HTTP_TIMEOUT, Map.of(), 0);
        ProviderHttp http = new ProviderHttp("coingecko", baseUrl, HTTP_TIMEOUT, new KeyRedactor(List.of(KEY)));
        return new CoinGeckoProviderFactory()
                .create(new ProviderContext(settings, http, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    private ProviderAdapter adapter() {
        return adapter(KEY, Map.of());
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
                    assertThat(pe.getMessage()).doesNotContain(KEY);
                    check.accept(pe);
                })
                .verify(HTTP_TIMEOUT.multipliedBy(2));
    }

    @Test
    void batchRequestListsIdsAndAsksForUsdChangeAndTime() throws InterruptedException {
        enqueue(200, BOTH);

        verifyResponse(
                adapter().fetch(List.of("BTC/USD", "ETH/USD")),
                r -> assertThat(r.quotes()).hasSize(2));

        RecordedRequest request = request();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v3/simple/price");
        assertThat(request.getTarget()).contains("ids=bitcoin,ethereum");
        assertThat(request.getUrl().queryParameter("ids")).isEqualTo("bitcoin,ethereum");
        assertThat(request.getUrl().queryParameter("vs_currencies")).isEqualTo("usd");
        assertThat(request.getUrl().queryParameter("include_24hr_change")).isEqualTo("true");
        assertThat(request.getUrl().queryParameter("include_last_updated_at")).isEqualTo("true");
    }

    @Test
    void keyGoesInTheDemoHeader_neverInTheQuery() throws InterruptedException {
        enqueue(200, BOTH);

        verifyResponse(
                adapter().fetch(List.of("BTC/USD")), r -> assertThat(r.quotes()).isNotEmpty());

        RecordedRequest request = request();
        assertThat(request.getHeaders().get("x-cg-demo-api-key")).isEqualTo(KEY);
        assertThat(request.getHeaders().get("x-cg-pro-api-key")).isNull();
        assertThat(request.getUrl().queryParameterNames()).doesNotContain("x_cg_demo_api_key", "x_cg_pro_api_key");
        assertThat(request.getTarget()).doesNotContain(KEY);
    }

    @Test
    void noKeyNoHeader() throws InterruptedException {
        enqueue(200, BOTH);

        verifyResponse(
                adapter(null, Map.of()).fetch(List.of("BTC/USD")),
                r -> assertThat(r.quotes()).isNotEmpty());

        assertThat(request().getHeaders().get("x-cg-demo-api-key")).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "https://api.coingecko.com/api/v3, x-cg-demo-api-key",
        "https://pro-api.coingecko.com/api/v3, x-cg-pro-api-key"
    })
    void keyHeaderFollowsTheRoot(String baseUrl, String header) {
        assertThat(CoinGeckoAdapter.keyHeader(baseUrl)).isEqualTo(header);
    }

    @Test
    void batchIsParsedExactly_keyedByFeedSymbol_withDerivedChange() {
        enqueue(200, BOTH);

        verifyResponse(adapter().fetch(List.of("BTC/USD", "ETH/USD")), r -> {
            assertThat(r.quotes()).containsOnlyKeys("BTC/USD", "ETH/USD");
            var btc = r.quotes().get("BTC/USD");
            assertThat(btc.symbol()).isEqualTo("BTC/USD");
            assertThat(btc.price()).isEqualTo(new BigDecimal("67187.33"));
            assertThat(btc.changePercent()).isEqualByComparingTo("3.64");
            assertThat(btc.change()).isCloseTo(new BigDecimal("2359.7248"), within(new BigDecimal("0.0001")));
            assertThat(btc.asOf()).isEqualTo(Instant.ofEpochSecond(1711356300));
            assertThat(btc.source()).isEqualTo("coingecko");
            assertThat(r.quotes().get("ETH/USD").change()).isNegative();
            assertThat(r.rejected()).isEmpty();
            assertThat(r.usage().isEmpty()).isTrue();
        });
    }

    @Test
    void singleIdHasTheSameShape() throws InterruptedException {
        enqueue(200, "{\"ethereum\":{\"usd\":3520.11,\"usd_24h_change\":-0.41,\"last_updated_at\":1711356290}}");

        verifyResponse(adapter().fetch(List.of("ETH/USD")), r -> {
            assertThat(r.quotes()).containsOnlyKeys("ETH/USD");
            assertThat(r.quotes().get("ETH/USD").price()).isEqualByComparingTo("3520.11");
        });
        assertThat(request().getUrl().queryParameter("ids")).isEqualTo("ethereum");
    }

    @Test
    void nullChangeGivesNoChange_andMissingTimeIsTimeOfReceipt() {
        enqueue(200, "{\"bitcoin\":{\"usd\":67187,\"usd_24h_change\":null}}");

        verifyResponse(adapter().fetch(List.of("BTC/USD")), r -> {
            var btc = r.quotes().get("BTC/USD");
            assertThat(btc.price()).isEqualByComparingTo("67187");
            assertThat(btc.change()).isNull();
            assertThat(btc.changePercent()).isNull();
            assertThat(btc.asOf()).isEqualTo(NOW);
        });
    }

    @Test
    void absentIdIsRejectedAsInvalid_othersServed() {
        enqueue(200, "{\"bitcoin\":{\"usd\":67187.33,\"usd_24h_change\":3.64,\"last_updated_at\":1711356300}}");

        verifyResponse(adapter().fetch(List.of("BTC/USD", "NOPE/USD")), r -> {
            assertThat(r.quotes()).containsOnlyKeys("BTC/USD");
            assertThat(r.rejected()).containsOnlyKeys("NOPE/USD");
            assertThat(r.rejected().get("NOPE/USD").outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        });
    }

    @Test
    void idWithoutAUsdPriceIsRejected() {
        enqueue(200, "{\"bitcoin\":{},\"ethereum\":{\"usd\":3520.11}}");

        verifyResponse(adapter().fetch(List.of("BTC/USD", "ETH/USD")), r -> {
            assertThat(r.quotes()).containsOnlyKeys("ETH/USD");
            assertThat(r.rejected().get("BTC/USD").outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        });
    }

    @Test
    void overridesAreSentAndMappedBack() throws InterruptedException {
        enqueue(200, "{\"dogwifcoin\":{\"usd\":2.87,\"usd_24h_change\":1.5,\"last_updated_at\":1711356300}}");

        verifyResponse(adapter(KEY, Map.of("WIF/USD", "dogwifcoin")).fetch(List.of("WIF/USD")), r -> {
            assertThat(r.quotes()).containsOnlyKeys("WIF/USD");
            assertThat(r.quotes().get("WIF/USD").price()).isEqualByComparingTo("2.87");
        });
        assertThat(request().getUrl().queryParameter("ids")).isEqualTo("dogwifcoin");
    }

    @Test
    void nonUsdSymbolsAreRejectedWithoutARequest() {
        verifyResponse(adapter().fetch(List.of("BTC/EUR")), r -> {
            assertThat(r.quotes()).isEmpty();
            assertThat(r.rejected().get("BTC/EUR").outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        });
        assertThat(server.getRequestCount()).isZero();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "401 | {\"status\":{\"timestamp\":\"2024-03-25T08:50:00Z\",\"error_code\":10002,\"error_message\":\"API Key Missing.\"}} | AUTH_FAILED",
                "401 | {\"status\":{\"error_code\":10010,\"error_message\":\"If you are using Pro API key, please change your root URL\"}} | AUTH_FAILED",
                "400 | {\"status\":{\"error_code\":10011,\"error_message\":\"If you are using Demo API key, please change your root URL\"}} | AUTH_FAILED",
                "401 | <html>Unauthorized</html> | AUTH_FAILED",
                "403 | {\"status\":{\"error_code\":10005,\"error_message\":\"This request is limited to PRO API subscribers\"}} | PLAN_RESTRICTED",
                "400 | {\"status\":{\"error_code\":10005,\"error_message\":\"Plan restricted\"}} | PLAN_RESTRICTED",
                "403 | {\"error\":\"Forbidden\"} | PLAN_RESTRICTED",
                "403 | error code: 1020 | TRANSIENT",
                "500 | {\"error\":\"Internal server error\"} | TRANSIENT",
                "503 | <html><body>Service Unavailable</body></html> | TRANSIENT",
                "408 | {\"status\":{\"error_code\":408,\"error_message\":\"Timeout\"}} | TRANSIENT",
                "400 | {\"error\":\"invalid vs_currency\"} | MALFORMED",
                "404 | {\"error\":\"coin not found\"} | MALFORMED"
            })
    void errorBodiesAreClassified(int status, String body, Outcome outcome) {
        enqueue(status, body);

        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                outcome,
                e -> assertThat(e.getMessage()).startsWith("coingecko HTTP " + status));
    }

    @Test
    void upstreamMessageIsCarried_forBothBodyShapes() {
        enqueue(401, "{\"status\":{\"error_code\":10002,\"error_message\":\"API Key Missing.\"}}");
        enqueue(400, "{\"error\":\"invalid vs_currency\"}");
        enqueue(400, "{\"error\":{\"status\":{\"error_code\":10005,\"error_message\":\"nested shape\"}}}");

        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.AUTH_FAILED,
                e -> assertThat(e.getMessage()).contains("10002").contains("API Key Missing."));
        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.MALFORMED,
                e -> assertThat(e.getMessage()).contains("invalid vs_currency"));
        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.PLAN_RESTRICTED,
                e -> assertThat(e.getMessage()).contains("nested shape"));
    }

    @Test
    void http429IsRateLimitedForTheMinute_withRetryAfter() {
        enqueue(
                429,
                "{\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the Rate Limit.\"}}",
                "Retry-After",
                "60");

        verifyFailure(adapter().fetch(List.of("BTC/USD")), Outcome.RATE_LIMITED, e -> {
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
            assertThat(e.window()).isEqualTo(Window.MINUTE);
        });
    }

    @Test
    void errorCode429InsideA200IsRateLimited() {
        enqueue(200, "{\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the Rate Limit.\"}}");

        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.RATE_LIMITED,
                e -> assertThat(e.window()).isEqualTo(Window.MINUTE));
    }

    @Test
    void htmlBadGatewayIsTransient() {
        enqueue(
                502,
                "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>",
                "Retry-After",
                "3");

        verifyFailure(adapter().fetch(List.of("BTC/USD")), Outcome.TRANSIENT, e -> {
            assertThat(e.getMessage()).contains("502");
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"bitcoin\":{\"usd\":671", "", "  ", "[]", "null", "{} {}", "ok"})
    void unreadableSuccessBodyIsMalformed(String body) {
        enqueue(200, body);

        verifyFailure(adapter().fetch(List.of("BTC/USD")), Outcome.MALFORMED, e -> {});
    }

    @Test
    void keyEchoedByUpstreamIsRedacted() {
        enqueue(
                401,
                "{\"status\":{\"error_code\":10002,\"error_message\":\"Invalid key " + KEY + " (x_cg_demo_api_key="
                        + KEY + ")\"}}");
        enqueue(502, "<html>upstream said " + KEY + "</html>");

        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.AUTH_FAILED,
                e -> assertThat(e.getMessage()).contains("***"));
        verifyFailure(
                adapter().fetch(List.of("BTC/USD")),
                Outcome.TRANSIENT,
                e -> assertThat(e.getMessage()).contains("***"));
    }

    @Test
    void eachSubscriptionMakesExactlyOneRequest() {
        enqueue(200, BOTH);
        enqueue(200, BOTH);
        Mono<ProviderResponse> fetch = adapter().fetch(List.of("BTC/USD"));

        verifyResponse(fetch, r -> assertThat(r.quotes()).hasSize(1));
        verifyResponse(fetch, r -> assertThat(r.quotes()).hasSize(1));
        assertThat(server.getRequestCount()).isEqualTo(2);
    }
}
