package io.quotegate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Purpose;
import io.quotegate.provider.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The /trace bookkeeping of refreshes: last reports, last errors, slot numbers. */
class RefreshLogTest {

    private static final Instant AT = Instant.parse("2030-01-07T10:00:00Z");

    private final RefreshLog log = new RefreshLog();

    private static RefreshReport.ProviderOutcome outcome(Verdict v, String message) {
        return new RefreshReport.ProviderOutcome(v, 0, 1, 1, List.of(message), 0, List.of());
    }

    /** A report whose providers' outcomes that are failures of the provider itself are its errors too. */
    private static RefreshReport report(
            String feed, long version, Map<String, RefreshReport.ProviderOutcome> providers) {
        List<RefreshReport.ProviderError> errors = new java.util.ArrayList<>();
        providers.forEach((p, o) -> {
            if (RefreshLog.reportable(o.outcome())) {
                errors.add(new RefreshReport.ProviderError(p, o.outcome(), o.status(), o.message()));
            }
        });
        return new RefreshReport(
                feed,
                Purpose.SLOT,
                AT,
                Duration.ofSeconds(1),
                version,
                RefreshReport.Result.NEW_VERSION,
                0,
                List.of(),
                providers,
                errors);
    }

    @Test
    void keepsEachFeedsLastReport() {
        assertThat(log.lastReport("fx")).isEmpty();

        log.record(report("fx", 1, Map.of()), AT);
        log.record(report("fx", 2, Map.of()), AT);
        log.record(report("crypto", 7, Map.of()), AT);

        assertThat(log.lastReport("fx"))
                .hasValueSatisfying(r -> assertThat(r.version()).isEqualTo(2));
        assertThat(log.lastReport("crypto"))
                .hasValueSatisfying(r -> assertThat(r.version()).isEqualTo(7));
        assertThat(log.lastReport("indices")).isEmpty();
    }

    @Test
    void aFailureBecomesTheProvidersLastErrorAndOutlivesALaterSuccess() {
        Instant later = AT.plusSeconds(90);
        log.record(
                report("fx", 0, Map.of("twelvedata", outcome(Verdict.of(Outcome.AUTH_FAILED), "invalid api key"))),
                later);
        log.record(report("fx", 1, Map.of("twelvedata", outcome(Verdict.OK, ""))), later.plusSeconds(60));

        assertThat(log.lastError("twelvedata"))
                .hasValue(new RefreshLog.LastError(later, "fx", Verdict.of(Outcome.AUTH_FAILED), 0, "invalid api key"));
        assertThat(log.lastError("frankfurter")).isEmpty();
    }

    @Test
    void onlyFailuresOfTheProviderItselfAreErrorsNotOurDecisionsNotToCallIt() {
        Map<String, RefreshReport.ProviderOutcome> providers = new LinkedHashMap<>();
        providers.put("a", outcome(Verdict.OK, ""));
        providers.put("b", outcome(Verdict.Refresh.SKIPPED, "degraded"));
        providers.put("c", outcome(Verdict.DISABLED, "no api key"));
        providers.put("d", outcome(Verdict.Refresh.PARTIAL, "rejected X"));
        providers.put("e", outcome(Verdict.Refresh.QUARANTINED, "all quarantined"));
        providers.put("f", outcome(Verdict.Refresh.TIMEOUT, "no answer"));
        providers.put("g", outcome(Verdict.of(Outcome.BUDGET_DENIED), "day full"));
        providers.put("h", outcome(Verdict.of(Outcome.CIRCUIT_OPEN), "circuit is open"));
        providers.put("i", outcome(Verdict.of(Outcome.BANNED), "418"));

        log.record(report("fx", 0, providers), AT);

        assertThat(List.of("a", "b", "c", "e", "g", "h"))
                .allSatisfy(p -> assertThat(log.lastError(p)).as(p).isEmpty());
        assertThat(List.of("d", "f", "i"))
                .allSatisfy(p -> assertThat(log.lastError(p)).as(p).isPresent());
        assertThat(log.lastError("f"))
                .hasValueSatisfying(e -> assertThat(e.outcome()).isEqualTo(Verdict.Refresh.TIMEOUT));
    }

    @Test
    void aBanStaysInSightWhileTheCircuitItOpenedKeepsTheProviderShut() {
        log.record(report("crypto", 1, Map.of("binance", outcome(Verdict.of(Outcome.BANNED), "IP banned"))), AT);
        for (int slot = 1; slot <= 20; slot++) {
            log.record(
                    report(
                            "crypto",
                            1,
                            Map.of("binance", outcome(Verdict.of(Outcome.CIRCUIT_OPEN), "circuit is open"))),
                    AT.plusSeconds(1800L * slot));
        }

        assertThat(log.lastError("binance"))
                .hasValueSatisfying(e -> assertThat(e.outcome()).isEqualTo(Verdict.of(Outcome.BANNED)));
    }

    @Test
    void theLastTenErrorsOfAProviderAreKeptOldestFirst() {
        for (int i = 1; i <= 12; i++) {
            log.record(
                    report("fx", i, Map.of("twelvedata", outcome(Verdict.of(Outcome.TRANSIENT), "HTTP 50" + (i % 10)))),
                    AT.plusSeconds(i));
        }

        assertThat(log.errors("twelvedata")).hasSize(RefreshLog.ERRORS);
        assertThat(log.errors("twelvedata").get(0).at()).isEqualTo(AT.plusSeconds(3));
        assertThat(log.errors("twelvedata").get(9).at()).isEqualTo(AT.plusSeconds(12));
    }

    @Test
    void outdatedAnswersAreCountedPerProviderAndSymbol() {
        RefreshReport.ProviderOutcome older =
                new RefreshReport.ProviderOutcome(Verdict.OK, 0, 1, 1, List.of(), 0, List.of("BTC/USD"));
        log.record(report("crypto", 2, Map.of("binance", older)), AT);
        log.record(report("crypto", 2, Map.of("binance", older)), AT.plusSeconds(60));

        assertThat(log.outdated("binance")).containsExactly(Map.entry("BTC/USD", 2L));
        assertThat(log.outdated("coingecko")).isEmpty();
    }

    @Test
    void slotsAreNumberedPerFeedFromZero() {
        assertThat(log.nextSlot("fx")).isZero();
        assertThat(log.nextSlot("fx")).isEqualTo(1);
        assertThat(log.nextSlot("crypto")).isZero();
        assertThat(log.nextSlot("fx")).isEqualTo(2);
    }
}
