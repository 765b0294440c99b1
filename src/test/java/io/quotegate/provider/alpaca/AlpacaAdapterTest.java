package io.quotegate.provider.alpaca;

import static io.quotegate.provider.alpaca.AlpacaRecordedTest.KEY;
import static io.quotegate.provider.alpaca.AlpacaRecordedTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.ReportedUsage;
import io.quotegate.model.Window;
import io.quotegate.provider.AdapterFixture;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter's own rules around the recorded answers ({@link AlpacaRecordedTest}): the request and its
 * key pair, usage headers, and the failures no recording shows. Bodies here are written for the tests, in
 * the recorded shapes.
 */
class AlpacaAdapterTest {

    private static final String AAPL = "\"AAPL\":{\"latestTrade\":{\"t\":\"2026-07-20T11:58:00.123Z\",\"p\":210.5},"
            + "\"prevDailyBar\":{\"c\":200}}";

    private AdapterFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new AdapterFixture("alpaca", new AlpacaProviderFactory(), KEY, SECRET);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private ProviderAdapter adapter() {
        return fixture.adapter();
    }

    @Test
    void oneGetAsksTheIexFeedForEverySymbolWithTheKeyPairInHeaders() throws InterruptedException {
        fixture.enqueue(200, "{" + AAPL + ",\"MSFT\":null}");

        fixture.success(() -> adapter().fetch(List.of("AAPL", "msft")));

        RecordedRequest request = fixture.takeRequest();
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v2/stocks/snapshots");
        assertThat(request.getUrl().queryParameter("symbols")).isEqualTo("AAPL,MSFT");
        assertThat(request.getUrl().queryParameter("feed")).isEqualTo("iex");
        assertThat(request.getHeaders().get("APCA-API-KEY-ID")).isEqualTo(KEY);
        assertThat(request.getHeaders().get("APCA-API-SECRET-KEY")).isEqualTo(SECRET);
        assertThat(request.getUrl().toString()).doesNotContain(KEY).doesNotContain(SECRET);
    }

    @Test
    void theProviderNeedsBothHalvesOfTheKeyPairFromTheirOwnVariables() {
        AlpacaProviderFactory factory = new AlpacaProviderFactory();

        assertThat(factory.requiresKey()).isTrue();
        assertThat(factory.requiresSecret()).isTrue();
        assertThat(factory.keyVariable()).isEqualTo("ALPACA_API_KEY_ID");
        assertThat(factory.secretVariable()).isEqualTo("ALPACA_API_SECRET_KEY");
    }

    @Test
    void rateLimitHeadersAreReportedAsTheMinutesUsage() {
        fixture.enqueue(
                200,
                "{" + AAPL + "}",
                "X-RateLimit-Limit",
                "200",
                "X-RateLimit-Remaining",
                "187",
                "X-RateLimit-Reset",
                "1784548800");

        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("AAPL")));

        assertThat(r.usage()).isEqualTo(ReportedUsage.of(Window.MINUTE, 13));
    }

    @Test
    void withoutRateLimitHeadersNoUsageIsReported() {
        fixture.enqueue(200, "{" + AAPL + "}");

        assertThat(fixture.success(() -> adapter().fetch(List.of("AAPL"))).usage())
                .isEqualTo(ReportedUsage.NONE);
    }

    @Test
    void http429WaitsUntilTheRateLimitResets() {
        long reset = AdapterFixture.NOW.plusSeconds(42).getEpochSecond();
        fixture.enqueue(
                429,
                "{\"message\":\"too many requests.\"}",
                "X-RateLimit-Limit",
                "200",
                "X-RateLimit-Remaining",
                "0",
                "X-RateLimit-Reset",
                Long.toString(reset));

        ProviderException e = fixture.failure(() -> adapter().fetch(List.of("AAPL")));

        assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(e.window()).isEqualTo(Window.MINUTE);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void aSnapshotWithoutATradeTimeIsNeverServed() {
        fixture.enqueue(
                200, "{\"AAPL\":{\"latestTrade\":{\"p\":210.5},\"latestQuote\":{\"t\":\"2026-07-20T11:59:00Z\"}}}");

        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("AAPL")));

        assertThat(r.quotes()).isEmpty();
        assertThat(r.rejected().get("AAPL").outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void anInvalidSymbolErrorNamingASymbolBlamesIt() {
        fixture.enqueue(
                400, "{\"code\":40010001,\"message\":\"invalid symbol: XYZQ\"}", "Content-Type", "application/json");

        ProviderException e = fixture.failure(() -> adapter().fetch(List.of("AAPL", "XYZQ")));

        assertThat(e.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(e.symbols()).containsExactly("XYZQ");
    }

    @Test
    void aKeyPairEchoedInAnErrorNeverReachesTheMessage() {
        fixture.enqueue(401, "{\"message\":\"key " + KEY + " with secret " + SECRET + " is not authorized\"}");

        ProviderException e = fixture.failure(() -> adapter().fetch(List.of("AAPL")));

        assertThat(e.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(e.getMessage()).contains("key *** with secret *** is not authorized");
    }

    @Test
    void aServerErrorIsTransient() {
        fixture.enqueue(502, "<html><body>Bad Gateway</body></html>", "Content-Type", "text/html");

        assertThat(fixture.failure(() -> adapter().fetch(List.of("AAPL"))).outcome())
                .isEqualTo(Outcome.TRANSIENT);
    }

    @Test
    void pairsAndSymbolsThatCannotBeValidAreNotSent() throws InterruptedException {
        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("BTC/USD", "A,B")));

        assertThat(r.rejected()).containsOnlyKeys("BTC/USD", "A,B");
        assertThat(fixture.nothingSent()).isTrue();
    }
}
