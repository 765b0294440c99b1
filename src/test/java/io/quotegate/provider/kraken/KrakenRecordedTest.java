package io.quotegate.provider.kraken;

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
 * Every answer in {@code recorded/kraken}, served as recorded, and exactly what the adapter makes of it:
 * which feed symbol gets which price and time, which are refused and why, or which failure the call is.
 */
class KrakenRecordedTest {

    private AdapterFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new AdapterFixture("kraken", new KrakenProviderFactory());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** What each file must give; a recorded file without an entry here fails {@link #everyRecordedFileIsAsserted}. */
    private final Map<String, Consumer<RecordedCase>> expectations = Map.of(
            "ccxt-ticker-xbtusdt.json", this::newPairAnswersUnderTheNameSent,
            "kraken-docs-ticker-xbtusd.json", this::docsExampleMapsTheCanonicalKeyBack,
            "bitex-readme-ticker-xbtusd.json", this::readmeSessionMapsTheCanonicalKeyBack,
            "xchange-ticker-xxbtzeur.json", this::oldAnswerIsServedWithTheReceiveTime,
            "slinky-ticker-two-pairs.json", this::twoPairsAreCreditedByTheirOwnKeys,
            "ccxt-issue-throttled.json", this::throttleIsRateLimitedForTheMinute,
            "krakenex-issue-unknown-pair.json", this::unknownPairBlamesTheOnlyPairSent,
            "ccxt-issue-520-cloudflare.html", this::cloudflarePageIsTransient);

    static List<RecordedCase> cases() {
        return RecordedCase.all("kraken");
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

    private static void assertQuote(Quote q, String symbol, String price, String change, String percent) {
        assertThat(q.symbol()).isEqualTo(symbol);
        assertThat(q.price()).isEqualTo(new BigDecimal(price));
        assertThat(q.change()).isEqualTo(new BigDecimal(change));
        assertThat(q.changePercent()).isEqualByComparingTo(new BigDecimal(percent));
        assertThat(q.asOf()).isEqualTo(NOW);
        assertThat(q.source()).isEqualTo("kraken");
    }

    private void newPairAnswersUnderTheNameSent(RecordedCase recorded) {
        ProviderResponse r = fixture.serve(recorded, "BTC/USDT");
        assertThat(r.quotes()).containsOnlyKeys("BTC/USDT");
        assertQuote(r.quotes().get("BTC/USDT"), "BTC/USDT", "73380.60000", "1929.90000", "2.701023223005513");
        assertThat(r.rejected()).isEmpty();
    }

    private void docsExampleMapsTheCanonicalKeyBack(RecordedCase recorded) {
        ProviderResponse r = fixture.serve(recorded, "BTC/USD");
        assertThat(r.quotes()).containsOnlyKeys("BTC/USD");
        assertQuote(r.quotes().get("BTC/USD"), "BTC/USD", "30303.20000", "-199.60000", "-0.6543661565495627");
        assertThat(r.rejected()).isEmpty();
    }

    private void readmeSessionMapsTheCanonicalKeyBack(RecordedCase recorded) {
        ProviderResponse r = fixture.serve(recorded, "BTC/USD");
        assertQuote(r.quotes().get("BTC/USD"), "BTC/USD", "3809.60000", "13.40000", "0.3529845635108793");
        assertThat(r.quotes()).hasSize(1);
        assertThat(r.rejected()).isEmpty();
    }

    private void oldAnswerIsServedWithTheReceiveTime(RecordedCase recorded) {
        ProviderResponse r = fixture.serve(recorded, "BTC/EUR");
        assertThat(r.quotes()).containsOnlyKeys("BTC/EUR");
        assertQuote(r.quotes().get("BTC/EUR"), "BTC/EUR", "560.87711", "-8.11199", "-1.425684604502969");
    }

    private void twoPairsAreCreditedByTheirOwnKeys(RecordedCase recorded) {
        ProviderResponse both = fixture.serve(recorded, "BTC/USD", "ETH/USD");
        assertThat(both.quotes()).containsOnlyKeys("BTC/USD", "ETH/USD");
        assertQuote(both.quotes().get("BTC/USD"), "BTC/USD", "64547.20000", "-3052.80000", "-4.515976331360947");
        assertQuote(both.quotes().get("ETH/USD"), "ETH/USD", "3338.08000", "-180.35000", "-5.125865798097447");
        assertThat(both.rejected()).isEmpty();

        ProviderResponse oneAsked = fixture.serve(recorded, "ETH/USD");
        assertThat(oneAsked.quotes()).as("XXBTZUSD was not asked: never served").containsOnlyKeys("ETH/USD");
        assertThat(oneAsked.rejected()).isEmpty();

        ProviderResponse otherAsked = fixture.serve(recorded, "LTC/USD");
        assertThat(otherAsked.quotes()).isEmpty();
        assertThat(otherAsked.rejected())
                .containsExactly(Map.entry(
                        "LTC/USD",
                        new SymbolRejection(
                                Outcome.MALFORMED, "kraken answered for XETHZUSD, XXBTZUSD, asked LTCUSD")));

        ProviderResponse oneMissing = fixture.serve(recorded, "BTC/USD", "LTC/USD");
        assertThat(oneMissing.quotes()).containsOnlyKeys("BTC/USD");
        assertThat(oneMissing.rejected())
                .containsExactly(
                        Map.entry("LTC/USD", new SymbolRejection(Outcome.INVALID_SYMBOLS, "LTCUSD not in response")));
    }

    private void throttleIsRateLimitedForTheMinute(RecordedCase recorded) {
        ProviderException e = fixture.fail(recorded, "BTC/USD", "ETH/USD");
        assertThat(e.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(e.window()).isEqualTo(Window.MINUTE);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.getMessage()).isEqualTo("kraken HTTP 200: EGeneral:Too many requests");
    }

    private void unknownPairBlamesTheOnlyPairSent(RecordedCase recorded) {
        ProviderException single = fixture.fail(recorded, "FOO/USD");
        assertThat(single.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(single.symbols()).containsExactly("FOO/USD");
        assertThat(single.getMessage()).isEqualTo("kraken HTTP 200: EQuery:Unknown asset pair");

        ProviderException batch = fixture.fail(recorded, "BTC/USD", "FOO/USD");
        assertThat(batch.outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(batch.symbols())
                .as("Kraken names no pair: the caller bisects")
                .isEmpty();
    }

    private void cloudflarePageIsTransient(RecordedCase recorded) {
        ProviderException e = fixture.fail(recorded, "BTC/USD");
        assertThat(e.outcome()).isEqualTo(Outcome.TRANSIENT);
        assertThat(e.status()).isEqualTo(520);
        assertThat(e.getMessage()).startsWith("kraken HTTP 520 (text/html; charset=UTF-8): <!DOCTYPE html>");
    }
}
