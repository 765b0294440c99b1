package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.budget.DecisionRecord;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Transient errors and rate limits are retried inside the slot, each retry paying for itself; nothing else is. */
class RetryTest {

    private static final List<String> FX = List.of("EUR/USD", "GBP/USD");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("fx", Priority.CRITICAL, FX, "twelvedata"))
            .provider(budget("twelvedata", "per-symbol", null, 800, null))
            .build();
    private final FakeAdapter twelvedata = rig.adapter("twelvedata");

    @Test
    void aTransientFailureIsRetriedOnlyOnceTheBackoffHasElapsed() {
        twelvedata.thenFail(ProviderException.transientFailure("502 bad gateway", null));

        RefreshRig.Pending refresh = rig.start("fx");
        assertThat(twelvedata.callCount()).isEqualTo(1);

        rig.clock.advance(Duration.ofMillis(999)); // the first backoff is 2 s with +-50 % jitter: at least 1 s
        assertThat(twelvedata.callCount()).isEqualTo(1);
        assertThat(refresh.done()).isFalse();

        rig.clock.advance(Duration.ofMillis(2001)); // and at most 3 s
        assertThat(twelvedata.callCount()).isEqualTo(2);
        assertThat(Duration.between(RefreshRig.START, twelvedata.callTimes().get(1)))
                .isBetween(Duration.ofSeconds(1), Duration.ofSeconds(3));
        assertThat(refresh.result())
                .hasValueSatisfying(
                        v -> assertThat(v.snapshot().data()).hasSize(2).noneMatch(Quote::stale));
        assertThat(rig.outcome("fx", "twelvedata").tries()).isEqualTo(2);
        assertThat(rig.outcome("fx", "twelvedata").served()).isEqualTo(2);
    }

    @Test
    void everyRetryReservesItsOwnCreditsAndThereAreAtMostMaxRetries() {
        twelvedata.alwaysFail(ProviderException.transientFailure("connection reset", null));

        RefreshRig.Pending refresh = rig.start("fx");
        assertThat(rig.used("twelvedata", Window.DAY)).isEqualTo(2);
        rig.clock.advance(Duration.ofSeconds(3));
        assertThat(twelvedata.callCount()).isEqualTo(2);
        assertThat(rig.used("twelvedata", Window.DAY)).isEqualTo(4);
        rig.clock.advance(Duration.ofMinutes(10));

        assertThat(twelvedata.callCount()).isEqualTo(1 + BatchCall.MAX_RETRIES);
        assertThat(rig.used("twelvedata", Window.DAY)).isEqualTo(2L * (1 + BatchCall.MAX_RETRIES));
        assertThat(rig.ledger.recentDecisions())
                .extracting(DecisionRecord::purpose)
                .containsExactly("slot", "retry", "retry", "retry");
        assertThat(refresh.result()).isEmpty();
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(Outcome.TRANSIENT));
        assertThat(rig.outcome("fx", "twelvedata").tries()).isEqualTo(1 + BatchCall.MAX_RETRIES);
        assertThat(rig.requests("twelvedata", "transient")).isEqualTo(1 + BatchCall.MAX_RETRIES);
    }

    @Test
    void aRateLimitWithRetryAfterSendsNothingBeforeRetryAfter() {
        twelvedata.thenFail(ProviderException.rateLimited("429", Duration.ofSeconds(20), Window.MINUTE));

        RefreshRig.Pending refresh = rig.start("fx");
        rig.clock.advance(Duration.ofMillis(19_999));

        assertThat(twelvedata.callCount()).isEqualTo(1);
        assertThat(refresh.done()).isFalse();
        assertThat(rig.circuits.state("twelvedata")).isEqualTo("open");
    }

    @Test
    void aRateLimitWithRetryAfterIsRetriedOnceRetryAfterHasPassed() {
        twelvedata.thenFail(ProviderException.rateLimited("429", Duration.ofSeconds(20), Window.MINUTE));

        RefreshRig.Pending refresh = rig.start("fx");
        rig.clock.advance(Duration.ofSeconds(21));

        assertThat(twelvedata.callTimes())
                .as("calls; last report %s", rig.log.lastReport("fx"))
                .hasSize(2);
        assertThat(twelvedata.callTimes().get(1)).isAfterOrEqualTo(RefreshRig.START.plusSeconds(20));
        assertThat(refresh.result())
                .hasValueSatisfying(v -> assertThat(v.stale()).isFalse());
        assertThat(rig.circuits.state("twelvedata")).isNotEqualTo("open");
    }

    @Test
    void aMinuteRateLimitWithoutRetryAfterWaitsForTheNextMinute() {
        RefreshRig minuteRig = RefreshRig.builder()
                .feed(feed("fx", Priority.CRITICAL, FX, "twelvedata"))
                .provider(budget("twelvedata", "per-symbol", 8, 800, null))
                .build();
        FakeAdapter td = minuteRig.adapter("twelvedata");
        td.thenFail(
                ProviderException.rateLimited("run out of API credits for the current minute", null, Window.MINUTE));
        minuteRig.clock.advance(Duration.ofSeconds(10));

        RefreshRig.Pending refresh = minuteRig.start("fx");
        assertThat(minuteRig.used("twelvedata", Window.MINUTE))
                .as("the minute counts as full")
                .isEqualTo(8);
        minuteRig.clock.advance(Duration.ofMillis(49_900));
        assertThat(td.callCount()).isEqualTo(1);

        minuteRig.clock.advance(Duration.ofSeconds(1));
        assertThat(td.callTimes()).hasSize(2);
        assertThat(td.callTimes().get(1)).isAfterOrEqualTo(Instant.parse("2030-01-07T10:01:00Z"));
        assertThat(refresh.result()).isPresent();
        assertThat(minuteRig.used("twelvedata", Window.MINUTE)).isEqualTo(2);
    }

    @Test
    void aDailyRateLimitIsNotRetriedOpensTheCircuitAndCountsTheDayAsUsedUp() {
        twelvedata.thenFail(ProviderException.rateLimited("daily limit", null, Window.DAY));

        RefreshRig.Pending refresh = rig.start("fx");
        assertThat(refresh.done()).as("nothing to wait for").isTrue();
        rig.clock.advance(Duration.ofMinutes(20));

        assertThat(twelvedata.callCount()).isEqualTo(1);
        assertThat(rig.circuits.state("twelvedata")).isNotEqualTo("closed");
        assertThat(rig.used("twelvedata", Window.DAY)).isEqualTo(800);
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(Outcome.RATE_LIMITED));

        rig.clock.advance(Duration.ofMinutes(10));
        rig.refreshNow("fx");
        assertThat(twelvedata.callCount()).as("no call before 00:00 UTC").isEqualTo(1);
    }

    @Test
    void invalidSymbolsAreNeverRetried() {
        twelvedata.thenFail(ProviderException.invalidSymbols("symbol not found", Set.copyOf(FX)));

        RefreshRig.Pending refresh = rig.start("fx");
        rig.clock.advance(Duration.ofMinutes(20));

        assertThat(refresh.done()).isTrue();
        assertThat(twelvedata.callCount()).isEqualTo(1);
        assertThat(rig.outcome("fx", "twelvedata").tries()).isEqualTo(1);
        assertThat(rig.used("twelvedata", Window.DAY)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(
            value = Outcome.class,
            names = {"AUTH_FAILED", "PLAN_RESTRICTED", "MALFORMED"})
    void failuresThatAreNotTransientAreNeverRetried(Outcome outcome) {
        twelvedata.thenFail(ProviderException.of(outcome, "no"));

        RefreshRig.Pending refresh = rig.start("fx");
        assertThat(refresh.done()).isTrue();
        rig.clock.advance(Duration.ofMinutes(20));

        assertThat(twelvedata.callCount()).isEqualTo(1);
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(outcome));
        assertThat(rig.requests("twelvedata", outcome.label())).isEqualTo(1);
    }

    @Test
    void aRetryAfterReachingPastTheNextSlotIsNotWaitedFor() {
        twelvedata.thenFail(ProviderException.transientFailure("503", Duration.ofMinutes(31)));

        RefreshRig.Pending refresh = rig.start("fx");
        assertThat(refresh.done())
                .as("gives up at once instead of waiting into the 10:30 slot")
                .isTrue();
        rig.clock.advance(Duration.ofMinutes(40));

        assertThat(twelvedata.callCount()).isEqualTo(1);
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(Outcome.TRANSIENT));
    }

    @Test
    void aRateLimitRetryAfterReachingPastTheNextSlotIsNotWaitedFor() {
        twelvedata.thenFail(ProviderException.rateLimited("429", Duration.ofMinutes(31), Window.MINUTE));

        RefreshRig.Pending refresh = rig.start("fx");
        assertThat(refresh.done()).isTrue();
        rig.clock.advance(Duration.ofMinutes(40));

        assertThat(twelvedata.callCount()).isEqualTo(1);
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(Outcome.RATE_LIMITED));
    }

    @Test
    void aTransientFailureJustBeforeTheNextSlotIsNotRetried() {
        rig.clock.advanceTo(Instant.parse("2030-01-07T10:29:59.500Z"));
        twelvedata.thenFail(ProviderException.transientFailure("timeout", null));

        RefreshRig.Pending refresh = rig.start("fx");

        assertThat(refresh.done())
                .as("the shortest backoff (1 s) would end after 10:30")
                .isTrue();
        rig.clock.advance(Duration.ofSeconds(10));
        assertThat(twelvedata.callCount()).isEqualTo(1);
    }

    @Test
    void retriesStopWhenTheBudgetCannotPayForTheNextOne() {
        RefreshRig small = RefreshRig.builder()
                .feed(feed("fx", Priority.CRITICAL, FX, "twelvedata"))
                .provider(budget("twelvedata", "per-symbol", null, 5, null))
                .build();
        FakeAdapter td = small.adapter("twelvedata");
        td.alwaysFail(ProviderException.transientFailure("502", null));

        RefreshRig.Pending refresh = small.start("fx");
        small.clock.advance(Duration.ofMinutes(5));

        assertThat(refresh.done()).isTrue();
        assertThat(td.callCount())
                .as("2 + 2 credits leave 1: the second retry cannot be paid for")
                .isEqualTo(2);
        assertThat(small.used("twelvedata", Window.DAY)).isEqualTo(4);
        assertThat(small.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(Outcome.BUDGET_DENIED));
    }
}
