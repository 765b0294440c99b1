package io.quotegate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.quotegate.provider.ProviderException;
import io.quotegate.testing.CapturedLog;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Upstream failures are said once per episode where operators look (design invariant 11). */
class FailureLogTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-07T10:00:00Z"));
    private final FailureLog failures = new FailureLog(clock);

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(FailureLog.class, Level.INFO);

    private List<String> lines(Level level) {
        return log.lines(level);
    }

    private static ProviderException fromAnswer(ProviderException e, int status) {
        return e.withStatus(status);
    }

    @Test
    void theFirstFailureIsOneWarnWithProviderFeedOutcomeStatusAndMessageAndRepeatsAreQuiet() {
        ProviderException limited =
                fromAnswer(ProviderException.rateLimited("binance 429: Too many requests", null, null), 429);

        for (int i = 0; i < 20; i++) {
            failures.failed("binance", "crypto", limited, null);
            clock.advance(Duration.ofSeconds(10));
        }

        assertThat(lines(Level.WARN)).hasSize(1);
        assertThat(lines(Level.WARN).get(0))
                .contains("binance", "crypto", "rate_limited", "HTTP 429", "Too many requests");
    }

    @Test
    void aFailureThatGoesOnIsSummarisedEveryTenMinutesWithItsCount() {
        ProviderException down = ProviderException.transientFailure("twelvedata timed out after 5000 ms", null);

        for (int minute = 0; minute < 25; minute++) {
            failures.failed("twelvedata", "fx", down, null);
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(lines(Level.WARN)).hasSize(3);
        assertThat(lines(Level.WARN).get(1)).contains("still failing", "11 failures");
        assertThat(lines(Level.WARN).get(2)).contains("21 failures");
    }

    @Test
    void aBanSaysUntilWhenAndRecoveryIsOneInfoLine() {
        Instant until = clock.instant().plus(Duration.ofMinutes(2));
        failures.failed(
                "binance",
                "crypto",
                fromAnswer(ProviderException.banned("binance 418: IP banned", Duration.ofMinutes(2)), 418),
                until);
        clock.advance(Duration.ofMinutes(3));

        failures.answered("binance", "crypto");
        failures.answered("binance", "crypto");

        assertThat(lines(Level.WARN)).singleElement().asString().contains("banned", "HTTP 418", "until " + until);
        assertThat(lines(Level.INFO)).singleElement().asString().contains("binance answers again", "1 failure");
    }

    @Test
    void aNewKindOfFailureIsANewEpisode() {
        failures.failed("twelvedata", "fx", ProviderException.transientFailure("HTTP 502", null), null);
        failures.failed(
                "twelvedata",
                "fx",
                ProviderException.rateLimited("twelvedata 429: run out of API credits for the day", null, null),
                null);

        assertThat(lines(Level.WARN)).hasSize(2);
        assertThat(lines(Level.WARN).get(1)).contains("rate_limited", "after 1 failure transient");
    }

    @Test
    void aMisnamedSymbolIsSaidOnceUntilItIsServedAgain() {
        failures.badSymbol("twelvedata", "commodities", "XAU/USD", "twelvedata answered for NDX, asked XAU/USD");
        failures.badSymbol("twelvedata", "commodities", "XAU/USD", "twelvedata answered for NDX, asked XAU/USD");
        failures.goodSymbol("twelvedata", "XAU/USD");
        failures.badSymbol("twelvedata", "commodities", "XAU/USD", "twelvedata answered for NDX, asked XAU/USD");

        assertThat(lines(Level.WARN)).hasSize(2).allSatisfy(l -> assertThat(l).contains("NDX", "XAU/USD"));
    }

    @Test
    void nothingIsSaidOfAProviderThatNeverFailed() {
        failures.answered("coingecko", "crypto");

        assertThat(log.all()).isEmpty();
    }
}
