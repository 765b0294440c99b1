package io.quotegate.provider.frankfurter;

import static io.quotegate.provider.RecordedAnswers.Expect.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.provider.Outcome;
import io.quotegate.provider.RecordedAnswers;
import io.quotegate.provider.RecordedAnswers.Expect;
import java.io.IOException;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Frankfurter adapter over every answer in {@code recorded/frankfurter/} (provenance in its README), each
 * served as the answer to our {@code /latest?base=USD&symbols=...} request for the pairs asked. An answer on
 * any base but USD is no answer to that request (malformed), whatever its rates say.
 */
class FrankfurterRecordedTest {

    private static final String P = "frankfurter";

    static Stream<Expect> answers() {
        return Stream.of(
                given("latest-base-usd-all-2025-12-17.json", "EUR/USD", "GBP/USD", "USD/JPY")
                        .serves("EUR/USD", "1.17220", day("2025-12-17"))
                        .serves("GBP/USD", "1.33431", day("2025-12-17"))
                        .serves("USD/JPY", "155.59", day("2025-12-17")),
                given("latest-base-usd-symbols-eur-usd-2025-12-17.json", "EUR/USD")
                        .serves("EUR/USD", "1.17220", day("2025-12-17")),
                given("historical-2025-06-13-base-usd-symbols-eur-usd.json", "EUR/USD")
                        .serves("EUR/USD", "1.15120", day("2025-06-13")),
                // Served with its own date; that 1999 is far too old for a reference rate is the feed's verdict.
                given("historical-1999-01-04-base-usd-symbols-eur-docs-example.json", "EUR/USD")
                        .serves("EUR/USD", "1.17890", day("1999-01-04")),
                // A pair whose currency Frankfurter does not know is missing from the rates.
                given("latest-base-usd-symbols-eur-usd-2025-12-17.json", "EUR/USD", "GBP/USD")
                        .serves("EUR/USD", "1.17220", day("2025-12-17"))
                        .rejects("GBP/USD", Outcome.INVALID_SYMBOLS),
                given("error-404-not-found-unknown-currency-xbt.json", "XBT/USD")
                        .fails(Outcome.INVALID_SYMBOLS),
                given("latest-base-php-symbols-eur-usd-2025-12-17.json", "EUR/USD")
                        .fails(Outcome.MALFORMED)
                        .saying("got PHP"),
                given("latest-base-eur-symbols-eur-usd-2025-12-17.json", "EUR/USD")
                        .fails(Outcome.MALFORMED),
                given("latest-amount-1234.56-base-eur-unknown-byn-dropped-2025-12-17.json", "EUR/USD")
                        .fails(Outcome.MALFORMED),
                given("historical-2025-03-18-base-eur-symbols-gbp.json", "EUR/GBP")
                        .fails(Outcome.MALFORMED),
                given("latest-amount-1000000-from-gbp-to-usd-2022-03-04.json", "GBP/USD")
                        .fails(Outcome.MALFORMED),
                given("historical-2020-01-01-answers-2019-12-31-base-eur-all.json", "EUR/USD")
                        .fails(Outcome.MALFORMED),
                given("historical-1999-01-04-base-eur-docs-example-trimmed.json", "EUR/USD")
                        .fails(Outcome.MALFORMED),
                given("latest-symbols-chf-gbp-docs-example-2024-11-25.json", "USD/CHF")
                        .fails(Outcome.MALFORMED));
    }

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void eachRecordedAnswer(Expect e) {
        RecordedAnswers.check(
                P,
                e,
                server,
                overrides -> FrankfurterFixture.adapter(server.url("/v1").toString(), overrides));
    }

    @Test
    void everyRecordedAnswerIsChecked() {
        assertThat(answers().map(Expect::file).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(RecordedAnswers.files(P));
    }

    private static Instant day(String date) {
        return Instant.parse(date + "T00:00:00Z");
    }
}
