package io.quotegate.provider.marketstack;

import static io.quotegate.provider.marketstack.MarketstackFixture.KEY;
import static io.quotegate.provider.marketstack.MarketstackFixture.adapter;
import static io.quotegate.provider.marketstack.MarketstackFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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

class MarketstackErrorsTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<String> BATCH = List.of("SPX", "DJI");

    private final MockWebServer server = new MockWebServer();
    private ProviderAdapter adapter;

    @BeforeEach
    void start() throws Exception {
        server.start();
        adapter = adapter(server.url("/v2").toString());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<Arguments> errorBodies() {
        return Stream.of(
                Arguments.of(
                        401,
                        "{\"error\":{\"code\":\"unauthorized\",\"message\":\"Check your access key or activity of the account.\"}}",
                        Outcome.AUTH_FAILED),
                Arguments.of(
                        401,
                        "{\"error\":{\"code\":\"invalid_access_key\",\"message\":\"You have not supplied a valid API Access Key.\"}}",
                        Outcome.AUTH_FAILED),
                Arguments.of(
                        401,
                        "{\"error\":{\"code\":\"missing_access_key\",\"message\":\"You have not supplied an API Access Key. [Required format: access_key=YOUR_ACCESS_KEY]\"}}",
                        Outcome.AUTH_FAILED),
                Arguments.of(
                        403,
                        "{\"error\":{\"code\":\"function_access_restricted\",\"message\":\"The given API endpoint is not supported on the current subscription plan.\"}}",
                        Outcome.PLAN_RESTRICTED),
                Arguments.of(
                        403,
                        "{\"error\":{\"code\":\"https_access_restricted\",\"message\":\"HTTPS access is not supported on the current subscription plan.\"}}",
                        Outcome.PLAN_RESTRICTED),
                Arguments.of(
                        422,
                        "{\"error\":{\"code\":\"validation_error\",\"message\":\"Request failed with validation error\",\"context\":[{\"key\":\"symbols\",\"message\":\"You have to specify at least 1 symbol\"}]}}",
                        Outcome.MALFORMED),
                Arguments.of(
                        404,
                        "{\"error\":{\"code\":\"invalid_api_function\",\"message\":\"The given API endpoint does not exist.\"}}",
                        Outcome.MALFORMED),
                Arguments.of(
                        404,
                        "{\"error\":{\"code\":\"404_not_found\",\"message\":\"Resource not found.\"}}",
                        Outcome.MALFORMED),
                Arguments.of(
                        500,
                        "{\"error\":{\"code\":\"internal_error\",\"message\":\"An internal error occurred.\"}}",
                        Outcome.TRANSIENT),
                // Unknown codes fall back to the status.
                Arguments.of(401, "{\"error\":{\"code\":\"something_new\",\"message\":\"x\"}}", Outcome.AUTH_FAILED),
                Arguments.of(418, "{\"error\":{\"code\":\"something_new\",\"message\":\"x\"}}", Outcome.MALFORMED),
                Arguments.of(503, "{\"error\":{\"code\":\"something_new\",\"message\":\"x\"}}", Outcome.TRANSIENT),
                // Legacy apilayer envelope: numeric code + type + info, sometimes with HTTP 200.
                Arguments.of(
                        200,
                        "{\"success\":false,\"error\":{\"code\":101,\"type\":\"invalid_access_key\",\"info\":\"You have not supplied a valid API Access Key.\"}}",
                        Outcome.AUTH_FAILED),
                Arguments.of(
                        200,
                        "{\"success\":false,\"error\":{\"code\":105,\"type\":\"function_access_restricted\",\"info\":\"not on plan\"}}",
                        Outcome.PLAN_RESTRICTED),
                Arguments.of(
                        200,
                        "{\"success\":false,\"error\":{\"code\":103,\"info\":\"This API Function does not exist.\"}}",
                        Outcome.MALFORMED),
                Arguments.of(200, "{\"success\":false}", Outcome.MALFORMED));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("errorBodies")
    void errorEnvelopeIsClassified(int status, String body, Outcome expected) {
        server.enqueue(json(status, body));

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(expected);
            assertThat(e.getMessage()).startsWith("marketstack: HTTP " + status).doesNotContain(KEY);
        });
    }

    @Test
    void monthlyVolumeReachedIsAMonthlyQuota() {
        server.enqueue(
                json(
                        429,
                        "{\"error\":{\"code\":\"too_many_requests\",\"message\":\"The given user account has reached its monthly allowed request volume.\"}}"));

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.QUOTA_EXHAUSTED);
            assertThat(e.window()).isEqualTo(Window.MONTH);
            assertThat(e.getMessage()).contains("too_many_requests", "monthly");
        });
    }

    @Test
    void legacyUsageLimitWithoutTypeIsAMonthlyQuota() {
        server.enqueue(
                json(
                        200,
                        "{\"success\":false,\"error\":{\"code\":104,\"info\":\"Your monthly usage limit has been reached.\"}}"));

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.QUOTA_EXHAUSTED);
            assertThat(e.window()).isEqualTo(Window.MONTH);
        });
    }

    @Test
    void rateLimitReachedCarriesRetryAfterAndTheMinuteWindow() {
        server.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Retry-After", "7")
                .body(
                        "{\"error\":{\"code\":\"rate_limit_reached\",\"message\":\"The given user account has reached the rate limit.\"}}")
                .build());

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            assertThat(e.window()).isEqualTo(Window.MINUTE);
        });
    }

    @Test
    void unknown429IsAMinuteRateLimit() {
        server.enqueue(
                new MockResponse.Builder().code(429).body("Too Many Requests").build());

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
            assertThat(e.window()).isEqualTo(Window.MINUTE);
            assertThat(e.retryAfter()).isNull();
        });
    }

    @Test
    void noValidSymbolsRejectsEveryFeedSymbolOfTheBatch() {
        server.enqueue(
                json(
                        422,
                        "{\"error\":{\"code\":\"no_valid_symbols_provided\",\"message\":\"At least one valid symbol must be provided\"}}"));

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
            assertThat(e.symbols()).containsExactlyInAnyOrder("SPX", "DJI");
        });
    }

    @Test
    void notFoundHintsAtTheBaseUrl() {
        server.enqueue(
                json(
                        404,
                        "{\"error\":{\"code\":\"invalid_api_function\",\"message\":\"The given API endpoint does not exist.\"}}"));

        expectError(e -> assertThat(e.getMessage()).contains("base-url"));
    }

    @Test
    void keyEchoedInAnErrorBodyIsRedacted() {
        server.enqueue(json(
                422,
                "{\"error\":{\"code\":\"validation_error\",\"message\":\"Bad key " + KEY
                        + "\",\"context\":[{\"key\":\"access_key\",\"message\":\"access_key=" + KEY
                        + "&symbols=x\"}]}}"));

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.MALFORMED);
            assertThat(e.getMessage()).doesNotContain(KEY).contains("Bad key ***", "access_key=***");
        });
    }

    @Test
    void longErrorMessagesAreCutWithoutLeakingAKeyCutInHalf() {
        String padding = "x".repeat(272); // the key then straddles the 300-character cut
        server.enqueue(json(422, "{\"error\":{\"code\":\"validation_error\",\"message\":\"" + padding + KEY + "\"}}"));

        expectError(e -> {
            // Redacting after the cut would leave "s3cr3tKey0" (10 characters of the key) in the message.
            assertThat(e.getMessage()).doesNotContain(KEY.substring(0, 8)).endsWith("x***");
        });
    }

    @Test
    void longErrorMessagesAreCut() {
        server.enqueue(
                json(422, "{\"error\":{\"code\":\"validation_error\",\"message\":\"" + "y".repeat(5000) + "\"}}"));

        expectError(e -> assertThat(e.getMessage()).endsWith("...").hasSizeLessThan(400));
    }

    @Test
    void htmlBadGatewayIsTransientAndKeepsTheHtmlOut() {
        server.enqueue(new MockResponse.Builder()
                .code(502)
                .addHeader("Content-Type", "text/html")
                .body("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
                .build());

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT);
            assertThat(e.getMessage()).contains("HTTP 502", "non-JSON").doesNotContain("<html>");
        });
    }

    @Test
    void unavailableWithRetryAfterIsTransientWithThatDelay() {
        server.enqueue(new MockResponse.Builder()
                .code(503)
                .addHeader("Retry-After", "30")
                .body("")
                .build());

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT);
            assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        });
    }

    @Test
    void htmlPageWithStatus200IsTransient() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "text/html")
                .body("<!DOCTYPE html><html><body>Maintenance</body></html>")
                .build());

        expectError(e -> assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT));
    }

    static Stream<Arguments> unreadableBodies() {
        return Stream.of(
                Arguments.of("truncated", "{\"pagination\":{\"count\":1},\"data\":[{\"open\":1,\"close\":2,\"sym"),
                Arguments.of("empty", ""),
                Arguments.of("no data array", "{\"pagination\":{\"count\":0}}"),
                Arguments.of("data not an array", "{\"data\":{\"symbol\":\"DJI.INDX\"}}"),
                Arguments.of("plain text", "OK"),
                Arguments.of("top-level array", "[1,2,3]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    void unreadable200IsMalformed(String label, String body) {
        server.enqueue(json(200, body));

        expectError(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.MALFORMED);
            assertThat(e.getMessage()).startsWith("marketstack: ").doesNotContain(KEY);
        });
    }

    @Test
    void connectionRefusedIsTransientWithoutTheKey() throws Exception {
        ProviderAdapter offline = adapter("http://127.0.0.1:" + MarketstackFixture.closedPort() + "/v2");

        StepVerifier.create(offline.fetch(BATCH))
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProviderException.class);
                    assertThat(((ProviderException) e).outcome()).isEqualTo(Outcome.TRANSIENT);
                    assertThat(e.getMessage())
                            .startsWith("marketstack request failed")
                            .doesNotContain(KEY);
                })
                .verify(WAIT);
    }

    @Test
    void connectionErrorThatWouldNameTheKeyIsRedacted() throws Exception {
        // A key equal to the host name shows up in the connection error text, so it must be redacted.
        String hostAsKey = "localhost";
        ProviderAdapter offline =
                adapter("http://localhost:" + MarketstackFixture.closedPort() + "/v2", hostAsKey, Map.of());

        StepVerifier.create(offline.fetch(BATCH))
                .expectErrorSatisfies(e ->
                        assertThat(e.getMessage()).doesNotContain(hostAsKey).contains("***"))
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
