package io.quotegate.provider.twelvedata;

import static io.quotegate.provider.RecordedAnswers.Expect.given;
import static org.assertj.core.api.Assertions.assertThat;

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
 * The Twelve Data adapter over every answer in {@code recorded/twelvedata/} (provenance in its README),
 * each served as the answer to our {@code /quote} request for the symbols asked.
 */
class TwelveDataRecordedTest {

    private static final String P = "twelvedata";

    static Stream<Expect> answers() {
        return Stream.of(
                // 2021 answers have no last_quote_at: the day bar's opening (its datetime) is the earliest the
                // price can be from, never our clock.
                given("quote-ibm-2021-07-01.json", "IBM").serves("IBM", "146.84000", day("2021-07-01")),
                given("quote-aapl-2021-03-01.json", "AAPL").serves("AAPL", "127.79000", day("2021-03-01")),
                given("quote-aapl-docs-example-2021-09-16.json", "AAPL")
                        .serves("AAPL", "148.85001", Instant.ofEpochSecond(1631772000L)),
                // The answer names its instrument: IBM's quote is never served as gold's.
                given("quote-ibm-2021-07-01.json", "XAU/USD")
                        .fails(Outcome.MALFORMED)
                        .saying("answered for IBM"),
                given("quote-ibm-2021-07-01.json", "XAU/USD", "EUR/USD").fails(Outcome.MALFORMED),
                // /price names no instrument: /quote's contract does, so this is no answer to our request.
                given("price-ibm-2021-07-01.json", "IBM")
                        .fails(Outcome.MALFORMED)
                        .saying("no named symbol"),
                given("error-400-symbol-not-found-fake.json", "FAKE").fails(Outcome.INVALID_SYMBOLS),
                given("error-401-invalid-apikey.json", "IBM").fails(Outcome.AUTH_FAILED),
                given("error-400-invalid-interval-1ms.json", "IBM").fails(Outcome.MALFORMED),
                given("error-404-nothing-found-strict-query.json", "IBM").fails(Outcome.INVALID_SYMBOLS),
                given("error-404-page-not-found.txt", "IBM")
                        .fails(Outcome.MALFORMED)
                        .saying("base-url"),
                given("error-429-minute-credits.json", "EUR/USD").fails(Outcome.RATE_LIMITED));
    }

    private TwelveDataFixture td;

    @BeforeEach
    void start() throws IOException {
        td = new TwelveDataFixture();
    }

    @AfterEach
    void stop() {
        td.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachRecordedAnswer(Expect e) {
        RecordedAnswers.check(P, e, td.server, td::adapter);
    }

    @Test
    void everyRecordedAnswerIsChecked() {
        assertThat(answers().map(Expect::file).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(RecordedAnswers.files(P));
    }

    @Test
    void theMinuteLimitAnswerSaysWhichWindow() {
        td.server.enqueue(RecordedAnswers.response(P, "error-429-minute-credits.json"));

        var failure = TwelveDataFixture.failure(td.adapter().fetch(List.of("EUR/USD")));

        assertThat(failure.window()).isEqualTo(io.quotegate.model.Window.MINUTE);
    }

    private static Instant day(String date) {
        return Instant.parse(date + "T00:00:00Z");
    }
}
