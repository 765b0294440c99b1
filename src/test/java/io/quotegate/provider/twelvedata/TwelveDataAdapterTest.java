package io.quotegate.provider.twelvedata;

import static io.quotegate.provider.twelvedata.TwelveDataFixture.KEY;
import static io.quotegate.provider.twelvedata.TwelveDataFixture.success;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Successful /quote answers: both shapes, number forms, mapping, request form and usage headers. */
class TwelveDataAdapterTest {

    static final String EUR_USD = """
            {"symbol":"EUR/USD","name":"Euro / US Dollar","exchange":"Forex","datetime":"2026-07-20",
             "timestamp":1784505600,"last_quote_at":1784540000,"open":"1.08400","high":"1.08700",
             "low":"1.08300","close":"1.08512","previous_close":"1.08400","change":"0.00112",
             "percent_change":"0.10332","is_market_open":true,"fifty_two_week":{"low":"1.01","high":"1.12"}}""";
    static final String XAU_USD = """
            {"symbol":"XAU/USD","name":"Gold Spot / US Dollar","exchange":"Physical Currency",
             "timestamp":1784505600,"close":"2391.27000","change":"-8.73000","percent_change":"-0.36375",
             "is_market_open":true}""";

    private TwelveDataFixture td;

    @BeforeEach
    void start() throws Exception {
        td = new TwelveDataFixture();
    }

    @AfterEach
    void stop() {
        td.close();
    }

    @Test
    void singleSymbolAnswerIsTheFlatQuote() {
        td.enqueueJson(200, EUR_USD);

        ProviderResponse r = success(td.adapter().fetch(List.of("EUR/USD")));

        assertThat(r.rejected()).isEmpty();
        Quote q = r.quotes().get("EUR/USD");
        assertThat(q).isNotNull();
        assertThat(q.symbol()).isEqualTo("EUR/USD");
        assertThat(q.price()).isEqualTo(new BigDecimal("1.08512"));
        assertThat(q.change()).isEqualTo(new BigDecimal("0.00112"));
        assertThat(q.changePercent()).isEqualTo(new BigDecimal("0.10332"));
        assertThat(q.asOf()).isEqualTo(Instant.ofEpochSecond(1784540000L)); // last_quote_at wins over timestamp
        assertThat(q.source()).isEqualTo("twelvedata");
        assertThat(q.stale()).isFalse();
    }

    @Test
    void batchAnswerIsKeyedBySymbol() {
        td.enqueueJson(200, "{\"EUR/USD\":" + EUR_USD + ",\"XAU/USD\":" + XAU_USD + "}");

        ProviderResponse r = success(td.adapter().fetch(List.of("EUR/USD", "XAU/USD")));

        assertThat(r.quotes()).containsOnlyKeys("EUR/USD", "XAU/USD");
        assertThat(r.rejected()).isEmpty();
        Quote gold = r.quotes().get("XAU/USD");
        assertThat(gold.symbol()).isEqualTo("XAU/USD");
        assertThat(gold.price()).isEqualTo(new BigDecimal("2391.27000"));
        assertThat(gold.change()).isEqualTo(new BigDecimal("-8.73000"));
        assertThat(gold.changePercent()).isEqualTo(new BigDecimal("-0.36375"));
        assertThat(gold.asOf()).isEqualTo(Instant.ofEpochSecond(1784505600L)); // no last_quote_at: timestamp
        assertThat(r.quotes().get("EUR/USD").price()).isEqualTo(new BigDecimal("1.08512"));
    }

    @Test
    void jsonNumbersAreReadExactly() {
        td.enqueueJson(200, """
                {"BTC/USD":{"symbol":"BTC/USD","close":64123.45678901,"change":-12.5,"percent_change":-0.01949,
                            "timestamp":"1784540001"},
                 "EUR/USD":{"symbol":"EUR/USD","close":1.08512,"change":0.00112,"percent_change":0.10332}}""");

        ProviderResponse r = success(td.adapter().fetch(List.of("BTC/USD", "EUR/USD")));

        Quote btc = r.quotes().get("BTC/USD");
        assertThat(btc.price()).isEqualTo(new BigDecimal("64123.45678901"));
        assertThat(btc.change()).isEqualTo(new BigDecimal("-12.5"));
        assertThat(btc.changePercent()).isEqualTo(new BigDecimal("-0.01949"));
        assertThat(btc.asOf()).isEqualTo(Instant.ofEpochSecond(1784540001L)); // string epoch accepted
        assertThat(r.quotes()).doesNotContainKey("EUR/USD");
        assertThat(r.rejected().get("EUR/USD").outcome())
                .as("a price without any time is never stamped with our clock")
                .isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void missingOrUnreadableChangeIsNullNotAFailure() {
        td.enqueueJson(
                200,
                "{\"symbol\":\"EUR/USD\",\"close\":\"1.08512\",\"change\":\"\",\"percent_change\":null,"
                        + "\"last_quote_at\":1784540000}");

        Quote q = success(td.adapter().fetch(List.of("EUR/USD"))).quotes().get("EUR/USD");

        assertThat(q.price()).isEqualTo(new BigDecimal("1.08512"));
        assertThat(q.change()).isNull();
        assertThat(q.changePercent()).isNull();
        assertThat(q.asOf()).isEqualTo(Instant.ofEpochSecond(1784540000L));
    }

    @Test
    void perSymbolErrorInsideA200BatchRejectsOnlyThatSymbol() {
        td.enqueueJson(
                200,
                "{\"EUR/USD\":" + EUR_USD + ",\"FOO/BAR\":{\"code\":404,"
                        + "\"message\":\"**symbol** not found: FOO/BAR. Please specify it correctly\",\"status\":\"error\"}}");

        ProviderResponse r = success(td.adapter().fetch(List.of("EUR/USD", "FOO/BAR")));

        assertThat(r.quotes()).containsOnlyKeys("EUR/USD");
        assertThat(r.rejected()).containsOnlyKeys("FOO/BAR");
        SymbolRejection why = r.rejected().get("FOO/BAR");
        assertThat(why.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(why.message()).contains("not found: FOO/BAR");
    }

    @Test
    void planGatedSymbolInsideABatchIsPlanRestricted() {
        td.enqueueJson(
                200,
                "{\"EUR/USD\":" + EUR_USD + ",\"SPX\":{\"code\":404,"
                        + "\"message\":\"This symbol is not available with your plan. Upgrade to Grow\",\"status\":\"error\"}}");

        ProviderResponse r = success(td.adapter().fetch(List.of("EUR/USD", "SPX")));

        assertThat(r.quotes()).containsOnlyKeys("EUR/USD");
        assertThat(r.rejected().get("SPX").outcome()).isEqualTo(Outcome.PLAN_RESTRICTED);
    }

    @Test
    void symbolAbsentFromTheBatchIsRejected() {
        td.enqueueJson(200, "{\"EUR/USD\":" + EUR_USD + ",\"XAU/USD\":" + XAU_USD + ",\"NOT/ASKED\":" + EUR_USD + "}");

        ProviderResponse r = success(td.adapter().fetch(List.of("EUR/USD", "XAU/USD", "GBP/USD")));

        assertThat(r.quotes()).containsOnlyKeys("EUR/USD", "XAU/USD"); // unrequested keys ignored
        assertThat(r.rejected()).containsOnlyKeys("GBP/USD");
        assertThat(r.rejected().get("GBP/USD").outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(r.rejected().get("GBP/USD").message()).contains("missing from response");
    }

    @Test
    void batchEntryWithoutPriceIsRejectedAsMalformedWhileOthersAreServed() {
        td.enqueueJson(200, "{\"EUR/USD\":" + EUR_USD + ",\"XAU/USD\":{\"symbol\":\"XAU/USD\",\"close\":\"n/a\"}}");

        ProviderResponse r = success(td.adapter().fetch(List.of("EUR/USD", "XAU/USD")));

        assertThat(r.quotes()).containsOnlyKeys("EUR/USD");
        assertThat(r.rejected().get("XAU/USD").outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void requestCarriesTheKeyInTheAuthorizationHeaderAndNeverInTheUrl() throws Exception {
        td.enqueueJson(200, "{\"EUR/USD\":" + EUR_USD + ",\"XAU/USD\":" + XAU_USD + "}");

        success(td.adapter().fetch(List.of("EUR/USD", "XAU/USD")));

        RecordedRequest req = td.takeRequest();
        assertThat(req.getMethod()).isEqualTo("GET");
        assertThat(req.getUrl().encodedPath()).isEqualTo("/quote");
        assertThat(req.getUrl().queryParameter("symbol")).isEqualTo("EUR/USD,XAU/USD");
        assertThat(req.getUrl().queryParameterNames()).containsExactly("symbol");
        assertThat(req.getTarget()).isEqualTo("/quote?symbol=EUR%2FUSD%2CXAU%2FUSD");
        assertThat(req.getHeaders().get("Authorization")).isEqualTo("apikey " + KEY);
        assertThat(req.getTarget()).doesNotContain(KEY).doesNotContainIgnoringCase("apikey");
        assertThat(req.getUrl().toString()).doesNotContain(KEY);
    }

    @Test
    void symbolOverridesAreRequestedAndMappedBackToFeedSymbols() throws Exception {
        td.enqueueJson(200, "{\"XAU/USD\":" + XAU_USD + ",\"EUR/USD\":" + EUR_USD + "}");

        ProviderResponse r = success(td.adapter(Map.of("GOLD", "XAU/USD")).fetch(List.of("GOLD", "EUR/USD")));

        assertThat(td.takeRequest().getUrl().queryParameter("symbol")).isEqualTo("XAU/USD,EUR/USD");
        assertThat(r.quotes()).containsOnlyKeys("GOLD", "EUR/USD");
        assertThat(r.quotes().get("GOLD").symbol()).isEqualTo("GOLD");
        assertThat(r.quotes().get("GOLD").price()).isEqualTo(new BigDecimal("2391.27000"));
    }

    @Test
    void reservedCharactersInSymbolsStayInsideTheOneQueryValue() throws Exception {
        td.enqueueJson(
                200,
                "{\"M&M:NSE\":" + EUR_USD.replace("\"EUR/USD\"", "\"M&M:NSE\"") + ",\"BRK+B\":"
                        + XAU_USD.replace("\"XAU/USD\"", "\"BRK+B\"") + "}");

        ProviderResponse r = success(td.adapter(Map.of("MM", "M&M:NSE")).fetch(List.of("MM", "BRK+B")));

        RecordedRequest req = td.takeRequest();
        assertThat(req.getUrl().queryParameterNames()).containsExactly("symbol");
        assertThat(req.getUrl().queryParameter("symbol")).isEqualTo("M&M:NSE,BRK+B");
        assertThat(r.quotes()).containsOnlyKeys("MM", "BRK+B");
    }

    @Test
    void singleOverriddenSymbolMapsTheFlatAnswerBack() throws Exception {
        td.enqueueJson(200, XAU_USD);

        ProviderResponse r = success(td.adapter(Map.of("GOLD", "XAU/USD")).fetch(List.of("GOLD")));

        assertThat(td.takeRequest().getUrl().queryParameter("symbol")).isEqualTo("XAU/USD");
        assertThat(r.quotes()).containsOnlyKeys("GOLD");
        assertThat(r.quotes().get("GOLD").symbol()).isEqualTo("GOLD");
    }

    @Test
    void creditsUsedHeaderIsReportedAsMinuteUsage() {
        td.enqueueJson(200, EUR_USD, "api-credits-used", "3", "api-credits-left", "5");

        ProviderResponse r = success(td.adapter().fetch(List.of("EUR/USD")));

        assertThat(r.usage().used()).isEqualTo(Map.of(Window.MINUTE, 3L));
    }

    @Test
    void noCreditsHeaderMeansNoReportedUsage() {
        td.enqueueJson(200, EUR_USD);

        assertThat(success(td.adapter().fetch(List.of("EUR/USD"))).usage().isEmpty())
                .isTrue();
    }

    @Test
    void jsonBodyIsReadWhateverTheContentTypeSays() {
        td.enqueue(200, EUR_USD, "Content-Type", "text/plain; charset=utf-8");

        ProviderResponse r = success(td.adapter().fetch(List.of("EUR/USD")));

        assertThat(r.quotes().get("EUR/USD").price()).isEqualTo(new BigDecimal("1.08512"));
    }

    @Test
    void emptyBatchSendsNoRequest() {
        ProviderResponse r = success(td.adapter().fetch(List.of()));

        assertThat(r.quotes()).isEmpty();
        assertThat(td.server.getRequestCount()).isZero();
    }

    @Test
    void eachSubscriptionSendsExactlyOneRequest() {
        td.enqueueJson(200, EUR_USD);
        var mono = td.adapter().fetch(List.of("EUR/USD"));
        assertThat(td.server.getRequestCount())
                .as("nothing leaves before subscription")
                .isZero();

        success(mono);

        assertThat(td.server.getRequestCount()).isEqualTo(1);
    }
}
