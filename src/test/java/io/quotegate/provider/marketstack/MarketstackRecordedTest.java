package io.quotegate.provider.marketstack;

import static io.quotegate.provider.RecordedAnswers.Expect.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.RecordedAnswers;
import io.quotegate.provider.RecordedAnswers.Expect;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Marketstack adapter over every answer in {@code recorded/marketstack/} (provenance in its README), each
 * served as the answer to our {@code /eod/latest} request for the symbols asked. The bar's date is its time:
 * how old that is for its market decides staleness (feed.Freshness), not the adapter.
 */
class MarketstackRecordedTest {

    private static final String P = "marketstack";

    static Stream<Expect> answers() {
        return Stream.of(
                // A real answer from an exchange whose data had stopped updating: served with its own (old) date.
                given("eod-latest-cba-xasx-2021-02-22.json", "CBA")
                        .mapping("CBA", "CBA.XASX")
                        .serves("CBA", "82.08", day("2021-02-22")),
                given("eod-v2-aapl-docs-example-2024-09-27.json", "AAPL")
                        .mapping("AAPL", "AAPL")
                        .serves("AAPL", "227.79", day("2024-09-27")),
                given("eod-v1-aapl-docs-example-2021-04-09.json", "AAPL")
                        .mapping("AAPL", "AAPL")
                        .serves("AAPL", "132.995", day("2021-04-09")),
                // One of two symbols silently missing: the missing one is Marketstack's verdict on it.
                given("eod-latest-bouv-xosl-missing-sveg-xosl-only-2020-11-30.json", "BOUV", "SVEG")
                        .mapping("BOUV", "BOUV.XOSL")
                        .mapping("SVEG", "SVEG.XOSL")
                        .serves("SVEG", "68.2", day("2020-11-30"))
                        .rejects("BOUV", Outcome.INVALID_SYMBOLS),
                // Only SVEG's bar in the answer to a request for BOUV alone: never served as BOUV's.
                given("eod-latest-bouv-xosl-missing-sveg-xosl-only-2020-11-30.json", "BOUV")
                        .mapping("BOUV", "BOUV.XOSL")
                        .rejects("BOUV", Outcome.MALFORMED)
                        .saying("SVEG.XOSL"),
                given("error-422-no-valid-symbols-provided.json", "NDX").fails(Outcome.INVALID_SYMBOLS),
                given("error-validation-error-symbols-missing.json", "SPX").fails(Outcome.MALFORMED),
                given("error-validation-error-missing-symbols-context-object-docs-example.json", "SPX")
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
                overrides ->
                        MarketstackFixture.adapter(server.url("/v2").toString(), MarketstackFixture.KEY, overrides));
    }

    @Test
    void everyRecordedAnswerIsChecked() {
        assertThat(answers().map(Expect::file).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(RecordedAnswers.files(P));
    }

    @Test
    void theDaysChangeIsCloseAgainstOpenKeptExact() {
        server.enqueue(RecordedAnswers.response(P, "eod-latest-cba-xasx-2021-02-22.json"));

        var answer = MarketstackFixture.adapter(
                        server.url("/v2").toString(), MarketstackFixture.KEY, Map.of("CBA", "CBA.XASX"))
                .fetch(List.of("CBA"))
                .block(Duration.ofSeconds(15));

        assertThat(answer).isNotNull();
        Quote cba = RecordedAnswers.quote(answer, "CBA");
        assertThat(cba.change()).isEqualTo(new BigDecimal("-0.43"));
        assertThat(cba.changePercent()).isEqualTo(new BigDecimal("-0.5211"));
    }

    private static Instant day(String date) {
        return Instant.parse(date + "T00:00:00Z");
    }
}
