package io.quotegate.provider.frankfurter;

import static io.quotegate.provider.frankfurter.FrankfurterFixture.adapter;
import static io.quotegate.provider.frankfurter.FrankfurterFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.test.StepVerifier;

class FrankfurterErrorsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> BATCH = List.of("EUR/USD", "USD/JPY", "GOLD");

    private final MockWebServer server = new MockWebServer();
    private ProviderAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        server.start();
        adapter = adapter(server.url("/v1").toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void notFoundRejectsEveryRequestedPair() {
        server.enqueue(json(404, "{\"message\":\"not found\"}"));

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
            assertThat(e.symbols()).containsExactlyInAnyOrder("EUR/USD", "USD/JPY");
            assertThat(e.getMessage()).isEqualTo("frankfurter: HTTP 404 not found");
        });
    }

    @Test
    void notFoundWithoutTheJsonBodyIsAWrongBaseUrl() {
        server.enqueue(new MockResponse.Builder()
                .code(404)
                .addHeader("Content-Type", "text/html")
                .body("<html><body>Not Found</body></html>")
                .build());

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.MALFORMED);
            assertThat(e.getMessage()).contains("base-url").doesNotContain("<html>");
        });
    }

    @Test
    void badCurrencyPairIsInvalidSymbols() {
        server.enqueue(json(422, "{\"message\":\"bad currency pair\"}"));

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
            assertThat(e.symbols()).containsExactlyInAnyOrder("EUR/USD", "USD/JPY");
        });
    }

    @Test
    void otherBadInputIsMalformed() {
        server.enqueue(json(422, "{\"message\":\"invalid amount\"}"));

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.MALFORMED);
            assertThat(e.getMessage()).contains("HTTP 422", "invalid amount");
        });
    }

    @Test
    void tooManyRequestsIsAMinuteRateLimitWithRetryAfter() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "12")
                .body("{\"message\":\"rate limited\"}")
                .build());

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
            assertThat(e.window()).isEqualTo(Window.MINUTE);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(12));
        });
    }

    @Test
    void htmlBadGatewayIsTransient() {
        server.enqueue(new MockResponse.Builder()
                .code(502)
                .addHeader("Content-Type", "text/html")
                .body("<html><head><title>502 Bad Gateway</title></head></html>")
                .build());

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT);
            assertThat(e.getMessage())
                    .contains("HTTP 502", "non-JSON", "text/html")
                    .doesNotContain("<html>");
        });
    }

    @Test
    void deadlineExceededIsTransientWithRetryAfter() {
        server.enqueue(new MockResponse.Builder()
                .code(503)
                .addHeader("Retry-After", "60")
                .body("{\"message\":\"deadline exceeded\"}")
                .build());

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(60));
            assertThat(e.getMessage()).contains("deadline exceeded");
        });
    }

    @Test
    void htmlPageWithStatus200IsTransient() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/html")
                .body("<!DOCTYPE html><html><body>Just a moment...</body></html>")
                .build());

        expectError(e -> assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT));
    }

    @Test
    void unexpectedClientErrorIsMalformed() {
        server.enqueue(json(400, "{\"message\":\"bad request\"}"));

        expectError(e -> assertThat(e.outcome()).isEqualTo(Outcome.MALFORMED));
    }

    static Stream<Arguments> unreadableBodies() {
        return Stream.of(
                Arguments.of(
                        "truncated",
                        "{\"amount\":1.0,\"base\":\"USD\",\"date\":\"2024-11-25\",\"rates\":{\"EUR\":0.95"),
                Arguments.of("empty", ""),
                Arguments.of("message only", "{\"message\":\"something odd\"}"),
                Arguments.of("rates not an object", "{\"base\":\"USD\",\"date\":\"2024-11-25\",\"rates\":[0.95]}"),
                Arguments.of("no date", "{\"base\":\"USD\",\"rates\":{\"EUR\":0.95274}}"),
                Arguments.of("bad date", "{\"base\":\"USD\",\"date\":\"yesterday\",\"rates\":{\"EUR\":0.95274}}"),
                Arguments.of(
                        "v2 array shape",
                        "[{\"date\":\"2024-01-15\",\"base\":\"USD\",\"quote\":\"EUR\",\"rate\":0.91}]"),
                Arguments.of("plain text", "OK"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    void unreadable200IsMalformed(String label, String body) {
        server.enqueue(json(200, body));

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.MALFORMED);
            assertThat(e.getMessage()).startsWith("frankfurter: ");
        });
    }

    @Test
    void connectionRefusedIsTransient() throws Exception {
        ProviderAdapter offline = adapter("http://127.0.0.1:" + FrankfurterFixture.closedPort() + "/v1");

        StepVerifier.create(offline.fetch(BATCH))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProviderException.class);
                    assertThat(((ProviderException) e).outcome()).isEqualTo(Outcome.TRANSIENT);
                })
                .verify(WAIT);
    }

    private void expectError(Consumer<ProviderException> assertions) {
        StepVerifier.create(adapter.fetch(BATCH))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProviderException.class);
                    assertions.accept((ProviderException) e);
                })
                .verify(WAIT);
    }
}
