package io.quotegate.provider.binance;

import static io.quotegate.provider.RecordedAnswers.Expect.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.provider.AdapterFixture;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.RecordedAnswers;
import io.quotegate.provider.RecordedAnswers.Expect;
import java.io.IOException;
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
 * The Binance adapter over every answer in {@code recorded/binance/} (provenance in its README), each served
 * as the answer to our {@code /api/v3/ticker/24hr} request for the symbols asked.
 */
class BinanceRecordedTest {

    private static final String P = "binance";
    /** The recorded answer's {@code x-mbx-used-weight-1m}. */
    private static final long USED_WEIGHT = 2;

    static Stream<Expect> answers() {
        return Stream.of(
                // closeTime, the end of the ticker's rolling window, is when lastPrice was valid.
                given("ticker-24hr-ltcbtc-2021-03-24.json", "LTC/BTC")
                        .serves("LTC/BTC", "0.00344600", Instant.ofEpochMilli(1616593123159L)),
                // LTCBTC's ticker is never served as ETHBTC's, and says nothing about ETHBTC: malformed.
                given("ticker-24hr-ltcbtc-2021-03-24.json", "ETH/BTC")
                        .rejects("ETH/BTC", Outcome.MALFORMED)
                        .saying("answered for LTCBTC"),
                given("ticker-24hr-mini-array-bnbbtc-ltcbtc-docs-example.json", "BNB/BTC", "LTC/BTC")
                        .serves("BNB/BTC", "4.00000200", Instant.ofEpochMilli(1499869899040L))
                        .serves("LTC/BTC", "0.07000000", Instant.ofEpochMilli(1656994592899L)),
                given("error-400-1121-invalid-symbol-idontexist.json", "NOPE/USD")
                        .mapping("NOPE/USD", "IDONTEXIST")
                        .fails(Outcome.INVALID_SYMBOLS),
                given("error-400-1100-illegal-characters-lowercase-symbol.json", "BTC/USD")
                        .fails(Outcome.MALFORMED),
                given("error-451-restricted-location.json", "BTC/USD").fails(Outcome.PLAN_RESTRICTED),
                given("error-418-ip-banned-2022.json", "BTC/USD").fails(Outcome.BANNED),
                given("error-418-ip-banned-2018.json", "BTC/USD").fails(Outcome.BANNED),
                given("error-403-cloudfront-request-blocked.html", "BTC/USD").fails(Outcome.TRANSIENT));
    }

    private AdapterFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new AdapterFixture(P, new BinanceProviderFactory());
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
    void theRecordedUsedWeightHeaderIsWhatTheLedgerHears() {
        fixture.server.enqueue(RecordedAnswers.response(P, "ticker-24hr-ltcbtc-2021-03-24.json"));

        var answer = fixture.adapter().fetch(List.of("LTC/BTC")).block(AdapterFixture.TIMEOUT.plusSeconds(5));

        assertThat(answer).isNotNull();
        assertThat(answer.usage().used()).containsEntry(io.quotegate.model.Window.MINUTE, USED_WEIGHT);
    }
}
