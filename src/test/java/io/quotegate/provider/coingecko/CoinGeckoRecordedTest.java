package io.quotegate.provider.coingecko;

import static io.quotegate.provider.RecordedAnswers.Expect.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import io.quotegate.provider.AdapterFixture;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.RecordedAnswers;
import io.quotegate.provider.RecordedAnswers.Expect;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CoinGecko adapter over every answer in {@code recorded/coingecko/} (provenance in its README), each
 * served as the answer to our {@code /simple/price} request for the symbols asked.
 */
class CoinGeckoRecordedTest {

    private static final String P = "coingecko";
    /** When the answers arrive: an answer without last_updated_at is the endpoint's current price. */
    private static final Instant NOW = AdapterFixture.NOW;

    static Stream<Expect> answers() {
        return Stream.of(
                given("simple-price-bitcoin-binancecoin-avalanche-2-usd.json", "BTC/USD", "BNB/USD", "AVAX/USD")
                        .serves("BTC/USD", "88927", NOW)
                        .serves("BNB/USD", "594.59", NOW)
                        .serves("AVAX/USD", "21.14", NOW),
                given("simple-price-ethereum-classic-aave-usd.json", "ETC/USD", "AAVE/USD")
                        .mapping("ETC/USD", "ethereum-classic")
                        .mapping("AAVE/USD", "aave")
                        .serves("ETC/USD", "20.0", NOW)
                        .serves("AAVE/USD", "212.45", NOW),
                given("simple-price-crvusd-usd.json", "CRVUSD/USD")
                        .mapping("CRVUSD/USD", "crvusd")
                        .serves("CRVUSD/USD", "1.0", NOW),
                // CoinGecko leaves unknown ids out: ethereum was asked and is not in the answer.
                given("simple-price-bitcoin-and-unknown-id-omitted-2021-05-15.json", "BTC/USD", "ETH/USD")
                        .serves("BTC/USD", "49357", NOW)
                        .rejects("ETH/USD", Outcome.INVALID_SYMBOLS),
                // The answer to an unsupported vs_currency: bitcoin without a usd price.
                given("simple-price-bitcoin-unsupported-vs-currency-empty-object.json", "BTC/USD")
                        .rejects("BTC/USD", Outcome.INVALID_SYMBOLS),
                given("simple-price-bitcoin-usd-all-includes-docs-example-2024-03-25.json", "BTC/USD")
                        .serves("BTC/USD", "67187.3358936566", Instant.ofEpochSecond(1711356300L)),
                given("error-422-missing-parameter-ids.json", "BTC/USD").fails(Outcome.MALFORMED),
                given("error-429-rate-limit.json", "BTC/USD").fails(Outcome.RATE_LIMITED));
    }

    private AdapterFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new AdapterFixture(P, new CoinGeckoProviderFactory());
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachRecordedAnswer(Expect e) {
        RecordedAnswers.check(P, e, fixture.server, fixture::adapter);
    }

    @Test
    void everyRecordedAnswerIsChecked() {
        assertThat(answers().map(Expect::file).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(RecordedAnswers.files(P));
    }

    @Test
    void theDocumentedPercentChangeIsKeptAndTheAbsoluteChangeDerivedFromIt() {
        fixture.server.enqueue(
                RecordedAnswers.response(P, "simple-price-bitcoin-usd-all-includes-docs-example-2024-03-25.json"));

        var answer = fixture.adapter().fetch(List.of("BTC/USD")).block(AdapterFixture.TIMEOUT.plusSeconds(5));

        assertThat(answer).isNotNull();
        Quote btc = RecordedAnswers.quote(answer, "BTC/USD");
        assertThat(btc.changePercent()).isEqualTo(new BigDecimal("3.63727894677354"));
        assertThat(btc.change()).isEqualTo(CoinGeckoPriceParser.change(btc.price(), btc.changePercent()));
    }
}
