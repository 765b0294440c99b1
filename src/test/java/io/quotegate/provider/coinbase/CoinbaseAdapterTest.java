package io.quotegate.provider.coinbase;

import static io.quotegate.provider.AdapterFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.provider.AdapterFixture;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The adapter's own rules around the recorded answers ({@link CoinbaseRecordedTest}): the request, where a
 * quote's time comes from, splitting, and the failures no recording shows. Bodies here are written for the
 * tests, in the recorded shapes.
 */
class CoinbaseAdapterTest {

    private AdapterFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new AdapterFixture("coinbase", new CoinbaseProviderFactory());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private ProviderAdapter adapter() {
        return fixture.adapter();
    }

    private static String product(String id, String price, String extra) {
        return "{\"product_id\":\"" + id + "\",\"price\":\"" + price + "\",\"price_percentage_change_24h\":\"1.5\""
                + extra + "}";
    }

    private void answer(String... products) {
        fixture.enqueue(
                200, "{\"products\":[" + String.join(",", products) + "],\"num_products\":" + products.length + "}");
    }

    @Test
    void oneGetRepeatsProductIdsForEveryProductOfTheBatch() throws InterruptedException {
        answer(product("BTC-USD", "65000", ""), product("ETH-USD", "3200", ""));

        fixture.success(() -> adapter().fetch(List.of("BTC/USD", "eth/usd")));

        RecordedRequest request = fixture.takeRequest();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v3/brokerage/market/products");
        assertThat(request.getUrl().queryParameterValues("product_ids")).containsExactly("BTC-USD", "ETH-USD");
        assertThat(request.getHeaders().names()).doesNotContain("Authorization");
    }

    @Test
    void theQuoteTimeIsTheAnswersDateHeaderWhenThereIsOne() {
        fixture.enqueue(
                200,
                "{\"products\":[" + product("BTC-USD", "65000", "") + "]}",
                "Date",
                "Mon, 20 Jul 2026 11:59:59 GMT");

        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("BTC/USD")));

        assertThat(r.quotes().get("BTC/USD").asOf()).isEqualTo(Instant.parse("2026-07-20T11:59:59Z"));
    }

    @Test
    void withoutADateHeaderTheQuoteTimeIsTheReceiveTime() {
        answer(product("BTC-USD", "65000", ""));

        assertThat(fixture.success(() -> adapter().fetch(List.of("BTC/USD")))
                        .quotes()
                        .get("BTC/USD")
                        .asOf())
                .isEqualTo(NOW);
    }

    @ParameterizedTest
    @CsvSource({"'\"status\":\"delisted\"'", "'\"status\":\"offline\"'", "'\"trading_disabled\":true'"})
    void aProductThatDoesNotTradeHasNoCurrentPrice(String flag) {
        answer(product("BTC-USD", "65000", "," + flag), product("ETH-USD", "3200", ""));

        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("BTC/USD", "ETH/USD")));

        assertThat(r.quotes()).containsOnlyKeys("ETH/USD");
        assertThat(r.rejected().get("BTC/USD").outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
    }

    @Test
    void anEmptyPriceIsNeverServedAndAnEmptyPercentIsNoPercent() {
        answer(
                "{\"product_id\":\"BTC-USD\",\"price\":\"\"}",
                "{\"product_id\":\"ETH-USD\",\"price\":\"3200.5\",\"price_percentage_change_24h\":\"\"}");

        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("BTC/USD", "ETH/USD")));

        assertThat(r.rejected().get("BTC/USD").outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(r.quotes().get("ETH/USD").price()).isEqualTo(new BigDecimal("3200.5"));
        assertThat(r.quotes().get("ETH/USD").changePercent()).isNull();
        assertThat(r.quotes().get("ETH/USD").change()).isNull();
    }

    @Test
    void anErrorNamingAProductBlamesThatProduct() {
        fixture.enqueue(
                400,
                "{\"error\":\"INVALID_ARGUMENT\",\"error_details\":\"ProductID FOO-USD could not be found\",\"message\":\"ProductID FOO-USD could not be found\"}",
                "Content-Type",
                "application/json");

        ProviderException e = fixture.failure(() -> adapter().fetch(List.of("BTC/USD", "FOO/USD")));

        assertThat(e.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(e.symbols()).containsExactly("FOO/USD");
    }

    @Test
    void http429HonoursRetryAfter() {
        fixture.enqueue(429, "{\"message\":\"Too many requests\"}", "Retry-After", "2");

        ProviderException e = fixture.failure(() -> adapter().fetch(List.of("BTC/USD")));

        assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(2));
    }

    @ParameterizedTest
    @CsvSource({"401, Unauthorized", "403, '<html>Attention Required! | Cloudflare</html>'", "503, ''"})
    void noKeyIsSentSoAuthStatusesAndOutagesAreTransient(int status, String body) {
        fixture.enqueue(status, body);

        assertThat(fixture.failure(() -> adapter().fetch(List.of("BTC/USD"))).outcome())
                .isEqualTo(Outcome.TRANSIENT);
    }

    @Test
    void aSuccessWithoutAProductListIsMalformed() {
        fixture.enqueue(200, "{\"pricebook\":{}}");

        assertThat(fixture.failure(() -> adapter().fetch(List.of("BTC/USD"))).outcome())
                .isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void batchesAreSplitSoThatEachQueryFitsTheMaxQueryLength() {
        // product_ids=BTC-USD& is 20 characters
        ProviderAdapter adapter = fixture.adapter(Map.of(), 100, 45);

        assertThat(adapter.split(List.of("BTC/USD", "ETH/USD", "SOL/USD")))
                .containsExactly(List.of("BTC/USD", "ETH/USD"), List.of("SOL/USD"));
    }

    @Test
    void nothingIsSentWhenEveryIdIsRefusedLocally() throws InterruptedException {
        ProviderResponse r = fixture.success(() -> adapter().fetch(List.of("BTC USD")));

        assertThat(r.rejected()).containsOnlyKeys("BTC USD");
        assertThat(fixture.nothingSent()).isTrue();
    }
}
