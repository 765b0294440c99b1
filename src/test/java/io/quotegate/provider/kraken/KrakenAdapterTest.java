package io.quotegate.provider.kraken;

import static io.quotegate.provider.AdapterFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Window;
import io.quotegate.provider.AdapterFixture;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter's own rules around the recorded answers ({@link KrakenRecordedTest}): the request it builds,
 * where a quote's time comes from, splitting by query length, and the failures no recording shows. Bodies
 * here are written for the tests, in the recorded shapes.
 */
class KrakenAdapterTest {

    private static final String BTC =
            "\"XXBTZUSD\":{\"a\":[\"30300.1\",\"1\",\"1.000\"],\"c\":[\"30303.2\",\"0.1\"],\"o\":\"30502.8\"}";
    private static final String ETH = "\"XETHZUSD\":{\"c\":[\"1965.40000\",\"0.19\"],\"o\":\"1910.00000\"}";

    private AdapterFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new AdapterFixture("kraken", new KrakenProviderFactory());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private ProviderAdapter adapter() {
        return fixture.adapter();
    }

    private void answer(String result, String... headers) {
        fixture.enqueue(200, "{\"error\":[],\"result\":{" + result + "}}", headers);
    }

    @Test
    void oneGetCarriesEveryPairOfTheBatchCommaSeparated() throws InterruptedException {
        answer(BTC + "," + ETH);

        fixture.success(() -> adapter().fetch(List.of("BTC/USD", "ETH/USD")));

        RecordedRequest request = fixture.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/0/public/Ticker");
        assertThat(request.getUrl().encodedQuery()).isEqualTo("pair=XBTUSD,ETHUSD");
        assertThat(request.getHeaders().names()).doesNotContain("API-Key", "Authorization");
    }

    @Test
    void aConfiguredOverrideIsSentAndItsAnswerServesTheFeedSymbol() throws InterruptedException {
        fixture.enqueue(200, "{\"error\":[],\"result\":{\"XBTUSDC\":{\"c\":[\"65000.1\",\"1\"],\"o\":\"64000\"}}}");

        ProviderResponse r = fixture.success(
                () -> fixture.adapter(Map.of("BTC/USD", "XBTUSDC")).fetch(List.of("BTC/USD")));

        assertThat(fixture.takeRequest().getUrl().queryParameter("pair")).isEqualTo("XBTUSDC");
        assertThat(r.quotes().get("BTC/USD").price()).isEqualTo(new BigDecimal("65000.1"));
    }

    @Test
    void theQuoteTimeIsTheAnswersDateHeaderWhenThereIsOne() {
        answer(BTC, "Date", "Mon, 20 Jul 2026 11:59:58 GMT");

        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("BTC/USD")));

        assertThat(r.quotes().get("BTC/USD").asOf()).isEqualTo(Instant.parse("2026-07-20T11:59:58Z"));
    }

    @Test
    void withoutADateHeaderTheQuoteTimeIsTheReceiveTime() {
        answer(BTC, "Date", "not a date");

        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("BTC/USD")));

        assertThat(r.quotes().get("BTC/USD").asOf()).isEqualTo(NOW);
    }

    @Test
    void aPartialResultServesItsPairsAndRefusesTheOthersWithKrakensWords() {
        fixture.enqueue(200, "{\"error\":[\"EQuery:Unknown asset pair\"],\"result\":{" + BTC + "}}");

        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("BTC/USD", "AED/USD")));

        assertThat(r.quotes()).containsOnlyKeys("BTC/USD");
        assertThat(r.rejected())
                .containsExactly(Map.entry(
                        "AED/USD",
                        new SymbolRejection(
                                Outcome.INVALID_SYMBOLS,
                                "AEDUSD not in response (kraken: EQuery:Unknown asset pair)")));
    }

    @Test
    void aWarningIsNoFailure() {
        fixture.enqueue(200, "{\"error\":[\"WGeneral:Something to note\"],\"result\":{" + BTC + "}}");

        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("BTC/USD")));

        assertThat(r.quotes()).containsOnlyKeys("BTC/USD");
    }

    @Test
    void anEmptyResultRefusesEveryPairAsNotInResponse() {
        fixture.enqueue(200, "{\"error\":[],\"result\":{}}");

        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("BTC/USD", "ETH/USD")));

        assertThat(r.quotes()).isEmpty();
        assertThat(r.rejected().values()).extracting(SymbolRejection::outcome).containsOnly(Outcome.INVALID_SYMBOLS);
    }

    @Test
    void aLastPriceOfZeroIsNeverServed() {
        fixture.enqueue(200, "{\"error\":[],\"result\":{\"RHEAUSD\":{\"c\":[\"0.000000000\",\"0.00000\"]}}}");

        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("RHEA/USD")));

        assertThat(r.quotes()).isEmpty();
        assertThat(r.rejected().get("RHEA/USD").outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void throttledUntilATimeIsRateLimitedUntilThen() {
        long until = NOW.plusSeconds(30).getEpochSecond();
        fixture.enqueue(200, "{\"error\":[\"EService: Throttled: " + until + "\"]}");

        ProviderException e = fixture.failure(() -> adapter().fetch(List.of("BTC/USD")));

        assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void http429HonoursRetryAfter() {
        fixture.enqueue(429, "", "Retry-After", "7");

        ProviderException e = fixture.failure(() -> adapter().fetch(List.of("BTC/USD")));

        assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(e.window()).isEqualTo(Window.MINUTE);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(e.status()).isEqualTo(429);
    }

    @Test
    void serviceUnavailableIsTransient() {
        fixture.enqueue(200, "{\"error\":[\"EService:Unavailable\"]}");

        assertThat(fixture.failure(() -> adapter().fetch(List.of("BTC/USD"))).outcome())
                .isEqualTo(Outcome.TRANSIENT);
    }

    @Test
    void aTooLongUriIsOurRequestsFaultNotThePairs() {
        fixture.enqueue(414, "<html><body>Request-URI Too Large</body></html>", "Content-Type", "text/html");

        ProviderException e = fixture.failure(() -> adapter().fetch(List.of("BTC/USD", "ETH/USD")));

        assertThat(e.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(e.symbols()).isEmpty();
        assertThat(e.getMessage()).contains("lower max-query-length");
    }

    @Test
    void aBodyThatIsNotKrakensEnvelopeIsMalformed() {
        fixture.enqueue(200, "{\"result\":{}}");

        ProviderException e = fixture.failure(() -> adapter().fetch(List.of("BTC/USD")));

        assertThat(e.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(e.symbols()).isEmpty();
    }

    @Test
    void batchesAreSplitSoThatEachQueryFitsTheMaxQueryLength() {
        ProviderAdapter adapter = fixture.adapter(Map.of(), 100, 20);

        // pair= (5) + XBTUSD, (7) + ETHUSD, (7) = 19; XDGUSD makes 26
        assertThat(adapter.split(List.of("BTC/USD", "ETH/USD", "DOGE/USD")))
                .containsExactly(List.of("BTC/USD", "ETH/USD"), List.of("DOGE/USD"));
        assertThat(fixture.adapter().split(List.of("BTC/USD", "ETH/USD", "DOGE/USD")))
                .containsExactly(List.of("BTC/USD", "ETH/USD", "DOGE/USD"));
    }

    @Test
    void aBatchOverTheMaxQueryLengthIsNotSent() throws InterruptedException {
        ProviderAdapter adapter = fixture.adapter(Map.of(), 100, 12);

        ProviderException e = fixture.failure(() -> adapter.fetch(List.of("BTC/USD", "ETH/USD")));

        assertThat(e.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(e.getMessage()).contains("over max-query-length 12");
        assertThat(fixture.nothingSent()).isTrue();
    }

    @Test
    void nothingIsSentWhenEveryPairIsRefusedLocally() throws InterruptedException {
        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("BAD,PAIR")));

        assertThat(r.quotes()).isEmpty();
        assertThat(r.rejected()).containsOnlyKeys("BAD,PAIR");
        assertThat(fixture.nothingSent()).isTrue();
    }
}
