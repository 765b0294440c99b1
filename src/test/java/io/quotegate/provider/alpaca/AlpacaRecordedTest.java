package io.quotegate.provider.alpaca;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import io.quotegate.provider.AdapterFixture;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import io.quotegate.provider.RecordedCase;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every answer in {@code recorded/alpaca}, served as recorded, and exactly what the adapter makes of it:
 * which symbol gets which price and time, which are refused and why, or which failure the call is.
 */
class AlpacaRecordedTest {

    static final String KEY = "PKTESTKEYID0123456789";
    static final String SECRET = "test-secret-key-abcdefghijklmnop";

    private AdapterFixture fixture;

    @BeforeEach
    void start() throws IOException {
        fixture = new AdapterFixture("alpaca", new AlpacaProviderFactory(), KEY, SECRET);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** What each file must give; a recorded file without an entry here fails {@link #everyRecordedFileIsAsserted}. */
    private final Map<String, Consumer<RecordedCase>> expectations = Map.of(
            "go-sdk-snapshots-aapl-msft-invalid.json", this::aNullEntryIsAnUnknownSymbolAndTheOthersAreServed,
            "go-sdk-snapshot-aapl.json", this::theTimeIsTheLatestTradesNotTheLatestQuotes,
            "alpaca-py-snapshot-aapl.json", this::nanosecondTradeTimesAreKept,
            "alpaca-py-snapshot-empty.json", this::anEmptyMapLeavesTheSymbolNotInResponse,
            "zorro-issue-403-sip.json", this::aPlanWithoutSipIsRestricted,
            "backtrader-issue-422-past-15-minutes.json", this::theOlderPlanWordingIsRestrictedToo,
            "alpaca-api-issue-403-forbidden.json", this::aRefusedKeyPairIsAnAuthFailure,
            "csharp-issue-403-nginx.html", this::nginxsForbiddenPageIsAnAuthFailureToo,
            "alpaca-py-issue-401-not-authorized.json", this::notAuthorizedIsAnAuthFailure);

    static List<RecordedCase> cases() {
        return RecordedCase.all("alpaca");
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

    private static void assertQuote(
            Quote q, String symbol, String price, @Nullable String change, @Nullable String percent, String asOf) {
        assertThat(q.symbol()).isEqualTo(symbol);
        assertThat(q.price()).isEqualTo(new BigDecimal(price));
        if (change == null) {
            assertThat(q.change()).isNull();
            assertThat(q.changePercent()).isNull();
        } else {
            assertThat(q.change()).isEqualTo(new BigDecimal(change));
            assertThat(q.changePercent()).isEqualByComparingTo(new BigDecimal(percent));
        }
        assertThat(q.asOf()).isEqualTo(Instant.parse(asOf));
        assertThat(q.source()).isEqualTo("alpaca");
    }

    private void aNullEntryIsAnUnknownSymbolAndTheOthersAreServed(RecordedCase recorded) {
        ProviderResponse r = fixture.serve(recorded, "AAPL", "MSFT", "INVALID");
        assertThat(r.quotes()).containsOnlyKeys("AAPL", "MSFT");
        assertQuote(
                r.quotes().get("AAPL"), "AAPL", "133.4201", "1.9601", "1.491023885592576", "2021-05-03T14:48:06.563Z");
        assertQuote(r.quotes().get("MSFT"), "MSFT", "253.8738", null, null, "2021-05-03T14:48:06.36Z");
        assertThat(r.rejected())
                .containsExactly(Map.entry(
                        "INVALID",
                        new SymbolRejection(
                                Outcome.INVALID_SYMBOLS, "alpaca has no snapshot for INVALID (unknown symbol)")));

        ProviderResponse aaplOnly = fixture.serve(recorded, "AAPL");
        assertThat(aaplOnly.quotes()).as("MSFT was not asked: never served").containsOnlyKeys("AAPL");
        assertThat(aaplOnly.rejected()).isEmpty();
    }

    private void theTimeIsTheLatestTradesNotTheLatestQuotes(RecordedCase recorded) {
        ProviderResponse r = fixture.serve(recorded, "AAPL");
        assertQuote(r.quotes().get("AAPL"), "AAPL", "133.55", "2.09", "1.589837212840408", "2021-05-03T14:45:50.456Z");

        ProviderResponse other = fixture.serve(recorded, "TSLA");
        assertThat(other.quotes()).isEmpty();
        assertThat(other.rejected())
                .containsExactly(Map.entry(
                        "TSLA", new SymbolRejection(Outcome.MALFORMED, "alpaca answered for AAPL, asked TSLA")));
    }

    private void nanosecondTradeTimesAreKept(RecordedCase recorded) {
        ProviderResponse r = fixture.serve(recorded, "aapl");
        assertQuote(
                r.quotes().get("aapl"),
                "aapl",
                "161.1998",
                "0.5798",
                "0.3609762171585108",
                "2022-03-18T14:33:58.448432206Z");
        assertThat(r.quotes()).hasSize(1);
    }

    private void anEmptyMapLeavesTheSymbolNotInResponse(RecordedCase recorded) {
        ProviderResponse r = fixture.serve(recorded, "AAPL");
        assertThat(r.quotes()).isEmpty();
        assertThat(r.rejected())
                .containsExactly(
                        Map.entry("AAPL", new SymbolRejection(Outcome.INVALID_SYMBOLS, "AAPL not in response")));
    }

    private void aPlanWithoutSipIsRestricted(RecordedCase recorded) {
        ProviderException e = fixture.fail(recorded, "NVDA");
        assertThat(e.outcome()).isEqualTo(Outcome.PLAN_RESTRICTED);
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.getMessage())
                .isEqualTo("alpaca HTTP 403 (application/json): subscription does not permit querying recent SIP data");
    }

    private void theOlderPlanWordingIsRestrictedToo(RecordedCase recorded) {
        ProviderException e = fixture.fail(recorded, "AAPL");
        assertThat(e.outcome()).isEqualTo(Outcome.PLAN_RESTRICTED);
        assertThat(e.getMessage()).contains("code 42210000");
    }

    private void aRefusedKeyPairIsAnAuthFailure(RecordedCase recorded) {
        ProviderException e = fixture.fail(recorded, "AAPL");
        assertThat(e.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(e.getMessage()).isEqualTo("alpaca HTTP 403 (application/json): forbidden.");
    }

    private void nginxsForbiddenPageIsAnAuthFailureToo(RecordedCase recorded) {
        ProviderException e = fixture.fail(recorded, "MSFT");
        assertThat(e.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(e.status()).isEqualTo(403);
    }

    private void notAuthorizedIsAnAuthFailure(RecordedCase recorded) {
        ProviderException e = fixture.fail(recorded, "AAPL");
        assertThat(e.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(e.getMessage())
                .isEqualTo("alpaca HTTP 401 (application/json): code 40110000: request is not authorized");
    }
}
