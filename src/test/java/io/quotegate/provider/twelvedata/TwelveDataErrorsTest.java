package io.quotegate.provider.twelvedata;

import static io.quotegate.provider.twelvedata.TwelveDataFixture.KEY;
import static io.quotegate.provider.twelvedata.TwelveDataFixture.failure;
import static io.quotegate.provider.twelvedata.TwelveDataFixture.success;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whole-call failures: error bodies behind HTTP 200, real error statuses, HTML pages, bad JSON. */
class TwelveDataErrorsTest {

    static final String MINUTE_LIMIT = "{\"code\":429,\"message\":\"You have run out of API credits for the current"
            + " minute. 12 API credits were used, with the current limit being 8. Wait for the next minute or consider"
            + " switching to a higher tier plan at https://twelvedata.com/pricing\",\"status\":\"error\"}";
    static final String DAY_LIMIT = "{\"code\":429,\"message\":\"You have run out of API credits for the day. 800 API"
            + " credits were used, with the current limit being 800.\",\"status\":\"error\"}";
    static final String HTML_502 = "<html><head><title>502 Bad Gateway</title></head>"
            + "<body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>";

    private TwelveDataFixture td;

    @BeforeEach
    void start() throws Exception {
        td = new TwelveDataFixture();
    }

    @AfterEach
    void stop() {
        td.close();
    }

    private ProviderException fail(List<String> symbols) {
        return failure(td.adapter().fetch(symbols));
    }

    @Test
    void http200WithMinuteLimitBodyIsRateLimitedForTheMinute() {
        td.enqueueJson(200, MINUTE_LIMIT, "api-credits-used", "12");

        ProviderException e = fail(List.of("EUR/USD", "XAU/USD"));

        assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(e.window()).isEqualTo(Window.MINUTE);
        assertThat(e.retryAfter()).isNull();
        assertThat(e.getMessage()).contains("429").contains("current minute");
    }

    @Test
    void dailyLimitBodyIsRateLimitedForTheDay() {
        td.enqueueJson(200, DAY_LIMIT);

        ProviderException e = fail(List.of("EUR/USD"));

        assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(e.window()).isEqualTo(Window.DAY);
    }

    @Test
    void http429CarriesRetryAfter() {
        td.enqueueJson(429, MINUTE_LIMIT, "Retry-After", "17");

        ProviderException e = fail(List.of("EUR/USD"));

        assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(e.window()).isEqualTo(Window.MINUTE);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(17));
    }

    @Test
    void http429WithoutAJsonBodyIsStillRateLimited() {
        td.enqueue(429, "Too Many Requests", "Content-Type", "text/plain", "Retry-After", "5");

        ProviderException e = fail(List.of("EUR/USD"));

        assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void invalidKeyBodyBehind200IsAuthFailed() {
        td.enqueueJson(
                200,
                "{\"code\":401,\"message\":\"**apikey** parameter is incorrect or not specified.\","
                        + "\"status\":\"error\"}");

        assertThat(fail(List.of("EUR/USD")).outcome()).isEqualTo(Outcome.AUTH_FAILED);
    }

    @Test
    void http401IsAuthFailed() {
        td.enqueueJson(401, "{\"code\":401,\"message\":\"Invalid API key\",\"status\":\"error\"}");

        assertThat(fail(List.of("EUR/USD")).outcome()).isEqualTo(Outcome.AUTH_FAILED);
    }

    @Test
    void planRestrictionIsPlanRestricted() {
        td.enqueueJson(
                200,
                "{\"code\":403,\"message\":\"/quote is not available with your plan. Please upgrade.\","
                        + "\"status\":\"error\"}");

        ProviderException e = fail(List.of("SPX", "NDX"));

        assertThat(e.outcome()).isEqualTo(Outcome.PLAN_RESTRICTED);
        assertThat(e.getMessage()).contains("not available with your plan");
    }

    @Test
    void planWordingWinsOverANotFoundCode() {
        td.enqueueJson(
                200, "{\"code\":404,\"message\":\"This symbol is not available with your plan\",\"status\":\"error\"}");

        assertThat(fail(List.of("SPX")).outcome()).isEqualTo(Outcome.PLAN_RESTRICTED);
    }

    @Test
    void notFoundForASingleSymbolNamesThatFeedSymbol() {
        td.enqueueJson(
                404,
                "{\"code\":404,\"message\":\"**symbol** not found: XAG/EUX. Please specify it correctly\","
                        + "\"status\":\"error\"}");

        ProviderException e = failure(td.adapter(Map.of("SILVER", "XAG/EUX")).fetch(List.of("SILVER")));

        assertThat(e.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(e.symbols()).containsExactly("SILVER");
    }

    @Test
    void badRequestSymbolNotFoundBehind200IsInvalidSymbols() {
        td.enqueueJson(200, "{\"code\":400,\"message\":\"**symbol** not found: FOO/BAR\",\"status\":\"error\"}");

        ProviderException e = fail(List.of("FOO/BAR"));

        assertThat(e.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(e.symbols()).containsExactly("FOO/BAR");
    }

    @Test
    void notFoundForABatchNamesOnlyTheSymbolInTheMessage() {
        td.enqueueJson(
                200,
                "{\"code\":404,\"message\":\"**symbol** not found: FOO/BAR. Please specify it correctly\","
                        + "\"status\":\"error\"}");

        ProviderException e = fail(List.of("EUR/USD", "FOO/BAR", "XAU/USD"));

        assertThat(e.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(e.symbols()).isEqualTo(Set.of("FOO/BAR"));
    }

    @Test
    void uriTooLongIsMalformed() {
        td.enqueueJson(414, "{\"code\":414,\"message\":\"parameter too long\",\"status\":\"error\"}");

        assertThat(fail(List.of("EUR/USD", "XAU/USD")).outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void badGatewayHtmlPageIsTransientWithRetryAfter() {
        td.enqueue(502, HTML_502, "Content-Type", "text/html", "Retry-After", "30");

        ProviderException e = fail(List.of("EUR/USD"));

        assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(e.getMessage()).contains("502").doesNotContain("<html>");
    }

    @Test
    void cloudflare520IsTransient() {
        td.enqueue(
                520,
                "<!DOCTYPE html><html><body>Web server is returning an unknown error</body></html>",
                "Content-Type",
                "text/html");

        ProviderException e = fail(List.of("EUR/USD"));

        assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT);
        assertThat(e.retryAfter()).isNull();
    }

    @Test
    void serverErrorJsonIsTransient() {
        td.enqueueJson(500, "{\"code\":500,\"message\":\"Internal error\",\"status\":\"error\"}");

        assertThat(fail(List.of("EUR/USD")).outcome()).isEqualTo(Outcome.TRANSIENT);
    }

    @Test
    void htmlBehind200IsTransient() {
        td.enqueue(200, "<html><body>maintenance</body></html>", "Content-Type", "text/html");

        assertThat(fail(List.of("EUR/USD")).outcome()).isEqualTo(Outcome.TRANSIENT);
    }

    @Test
    void truncatedJsonIsMalformed() {
        td.enqueueJson(200, "{\"EUR/USD\":{\"symbol\":\"EUR/USD\",\"close\":\"1.08");

        ProviderException e = fail(List.of("EUR/USD", "XAU/USD"));

        assertThat(e.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(e.getMessage()).contains("unreadable JSON");
    }

    @Test
    void emptyBodyIsMalformed() {
        td.enqueueJson(200, "");

        assertThat(fail(List.of("EUR/USD")).outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void emptyObjectIsMalformed() {
        td.enqueueJson(200, "{}");

        assertThat(fail(List.of("EUR/USD", "XAU/USD")).outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void jsonArrayIsMalformed() {
        td.enqueueJson(200, "[{\"close\":\"1.0\"}]");

        assertThat(fail(List.of("EUR/USD")).outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void singleQuoteWithoutPriceIsMalformed() {
        td.enqueueJson(200, "{\"symbol\":\"EUR/USD\",\"datetime\":\"2026-07-20\"}");

        assertThat(fail(List.of("EUR/USD")).outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void batchWhoseEveryEntryIsRateLimitedFailsAsRateLimited() {
        String limited = "{\"code\":429,\"message\":\"You have run out of API credits for the current minute.\","
                + "\"status\":\"error\"}";
        td.enqueueJson(200, "{\"EUR/USD\":" + limited + ",\"XAU/USD\":" + limited + "}");

        ProviderException e = fail(List.of("EUR/USD", "XAU/USD"));

        assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(e.window()).isEqualTo(Window.MINUTE);
    }

    @Test
    void connectionFailureIsTransient() {
        var adapter = td.adapter();
        td.close();

        assertThat(failure(adapter.fetch(List.of("EUR/USD"))).outcome()).isEqualTo(Outcome.TRANSIENT);
    }

    @Test
    void keyEchoedByTheProviderNeverReachesAMessage() {
        td.enqueueJson(
                200,
                "{\"code\":401,\"message\":\"apikey " + KEY + " is invalid (apikey=" + KEY
                        + "&symbol=EUR/USD)\",\"status\":\"error\"}");
        ProviderException e = fail(List.of("EUR/USD"));
        assertThat(e.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(e.getMessage()).doesNotContain(KEY).contains("***");

        td.enqueueJson(
                200,
                "{\"EUR/USD\":" + TwelveDataAdapterTest.EUR_USD + ",\"FOO/BAR\":{\"code\":404,"
                        + "\"message\":\"**symbol** not found: FOO/BAR (key " + KEY + ")\",\"status\":\"error\"}}");
        ProviderResponse r = success(td.adapter().fetch(List.of("EUR/USD", "FOO/BAR")));
        assertThat(r.rejected().get("FOO/BAR").message()).doesNotContain(KEY).contains("***");

        td.enqueueJson(
                200,
                "{\"code\":429,\"message\":\"credits for the current minute, key=" + KEY + "\","
                        + "\"status\":\"error\"}");
        assertThat(fail(List.of("EUR/USD")).getMessage()).doesNotContain(KEY);
    }
}
