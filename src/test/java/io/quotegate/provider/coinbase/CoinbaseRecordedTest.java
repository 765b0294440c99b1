package io.quotegate.provider.coinbase;

import static io.quotegate.provider.AdapterFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import io.quotegate.model.Window;
import io.quotegate.provider.AdapterFixture;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import io.quotegate.provider.RecordedCase;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every answer in {@code recorded/coinbase}, served as recorded, and exactly what the adapter makes of it:
 * which feed symbol gets which price and time, which are refused and why, or which failure the call is.
 */
class CoinbaseRecordedTest {

    private AdapterFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new AdapterFixture("coinbase", new CoinbaseProviderFactory());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** What each file must give; a recorded file without an entry here fails {@link #everyRecordedFileIsAsserted}. */
    private final Map<String, Consumer<RecordedCase>> expectations = Map.of(
            "nautilus-products-btc-usd-usdc.json", this::eachProductIsCreditedToItsOwnIdNotItsAlias,
            "coinbase-docs-list-public-products.json", this::aPercentWithItsSignIsRead,
            "ticker-fixture-future.json", this::aFuturesProductIsServedUnderItsId,
            "uscryptoarb-404-invalid-product.json", this::anUnknownProductBlamesTheOnlyIdSent,
            "uscryptoarb-404-unknown-path.json", this::aMissingPathIsTheRequestsFault,
            "sdk-go-issue-429.html", this::anHtml429IsStillRateLimited);

    static List<RecordedCase> cases() {
        return RecordedCase.all("coinbase");
    }

    @Test
    void everyRecordedFileIsAsserted() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(6);
        assertThat(cases().stream().map(RecordedCase::file).collect(Collectors.toSet()))
                .isEqualTo(expectations.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void recordedAnswer(RecordedCase recorded) {
        expectations.get(recorded.file()).accept(recorded);
    }

    private static void assertQuote(Quote q, String symbol, String price, String percent, String change) {
        assertThat(q.symbol()).isEqualTo(symbol);
        assertThat(q.price()).isEqualTo(new BigDecimal(price));
        assertThat(q.changePercent()).isEqualTo(new BigDecimal(percent));
        assertThat(q.change()).isEqualByComparingTo(new BigDecimal(change));
        assertThat(q.asOf()).isEqualTo(NOW);
        assertThat(q.source()).isEqualTo("coinbase");
    }

    private void eachProductIsCreditedToItsOwnIdNotItsAlias(RecordedCase recorded) {
        ProviderResponse both = fixture.serve(recorded, "BTC/USD", "BTC/USDC");
        assertThat(both.quotes()).containsOnlyKeys("BTC/USD", "BTC/USDC");
        assertQuote(both.quotes().get("BTC/USD"), "BTC/USD", "68925.98", "-0.28225832119521", "-195.0999999999981");
        assertQuote(both.quotes().get("BTC/USDC"), "BTC/USDC", "68923.67", "-0.28560028286595", "-197.4099999999996");
        assertThat(both.rejected()).isEmpty();

        ProviderResponse usdOnly = fixture.serve(recorded, "BTC/USD");
        assertThat(usdOnly.quotes()).as("BTC-USDC was not asked: never served").containsOnlyKeys("BTC/USD");

        ProviderResponse otherAsked = fixture.serve(recorded, "ETH/USD");
        assertThat(otherAsked.quotes()).isEmpty();
        assertThat(otherAsked.rejected())
                .containsExactly(Map.entry(
                        "ETH/USD",
                        new SymbolRejection(
                                Outcome.MALFORMED, "coinbase answered for BTC-USD, BTC-USDC, asked ETH-USD")));

        ProviderResponse oneMissing = fixture.serve(recorded, "BTC/USD", "ETH/USD");
        assertThat(oneMissing.quotes()).containsOnlyKeys("BTC/USD");
        assertThat(oneMissing.rejected())
                .containsExactly(
                        Map.entry("ETH/USD", new SymbolRejection(Outcome.INVALID_SYMBOLS, "ETH-USD not in response")));
    }

    private void aPercentWithItsSignIsRead(RecordedCase recorded) {
        ProviderResponse r = fixture.serve(recorded, "BTC/USD");
        assertThat(r.quotes()).containsOnlyKeys("BTC/USD");
        assertQuote(r.quotes().get("BTC/USD"), "BTC/USD", "140.21", "9.43", "12.08242986383990");
        assertThat(r.rejected()).isEmpty();
    }

    private void aFuturesProductIsServedUnderItsId(RecordedCase recorded) {
        ProviderResponse r = fixture.serve(recorded, "BIT-31JAN25-CDE");
        assertQuote(
                r.quotes().get("BIT-31JAN25-CDE"),
                "BIT-31JAN25-CDE",
                "97345",
                "-3.14412218297597",
                "-3159.999999999999");
        assertThat(r.quotes()).hasSize(1);

        ProviderResponse spotAsked = fixture.serve(recorded, "BTC/USD");
        assertThat(spotAsked.quotes()).as("a future is not the spot pair").isEmpty();
        assertThat(spotAsked.rejected().get("BTC/USD").outcome()).isEqualTo(Outcome.MALFORMED);
    }

    private void anUnknownProductBlamesTheOnlyIdSent(RecordedCase recorded) {
        ProviderException single = fixture.fail(recorded, "FAKE/PAIR");
        assertThat(single.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(single.symbols()).containsExactly("FAKE/PAIR");
        assertThat(single.status()).isEqualTo(404);
        assertThat(single.getMessage())
                .isEqualTo("coinbase HTTP 404 (application/json): NOT_FOUND: valid product_id is required");

        ProviderException batch = fixture.fail(recorded, "BTC/USD", "FAKE/PAIR");
        assertThat(batch.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(batch.symbols()).as("no product named: the caller bisects").isEmpty();
    }

    private void aMissingPathIsTheRequestsFault(RecordedCase recorded) {
        ProviderException e = fixture.fail(recorded, "BTC/USD", "ETH/USD");
        assertThat(e.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(e.symbols()).isEmpty();
        assertThat(e.getMessage()).contains("unknown: Not Found").contains("check base-url");
    }

    private void anHtml429IsStillRateLimited(RecordedCase recorded) {
        ProviderException e = fixture.fail(recorded, "BTC/USD");
        assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(e.window()).isEqualTo(Window.MINUTE);
        assertThat(e.status()).isEqualTo(429);
    }
}
