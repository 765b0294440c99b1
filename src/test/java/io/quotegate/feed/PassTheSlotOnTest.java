package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A provider that cannot spend passes the slot on: the next provider of the chain is asked for those symbols,
 * and the slot yields only when no provider of its chain can serve.
 */
class PassTheSlotOnTest {

    private static final List<String> FX = List.of("EUR/USD", "GBP/USD");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("fx", Priority.CRITICAL, FX, "twelvedata", "frankfurter"))
            .provider(budget("twelvedata", "per-symbol", 8, 800, null))
            .provider(budget("frankfurter", "per-call", 60, null, null))
            .build();
    private final FakeAdapter twelvedata = rig.adapter("twelvedata");
    private final FakeAdapter frankfurter = rig.adapter("frankfurter");

    @Test
    void aProviderAheadOfItsDayPaceYieldsToTheNextOneOfTheChain() {
        rig.refresher.withPacing((feed, provider, symbols) -> provider.equals("twelvedata")
                ? Optional.of("twelvedata is ahead of its day pace: 800 of 800 used")
                : Optional.empty());

        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();

        assertThat(twelvedata.callCount()).isZero();
        assertThat(frankfurter.calls()).containsExactly(FX);
        assertThat(v1.snapshot().data()).extracting(Quote::source).containsOnly("frankfurter");
        assertThat(v1.stale()).isFalse();
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.Refresh.SKIPPED);
        assertThat(rig.outcome("fx", "twelvedata").message()).contains("ahead of its day pace");
    }

    @Test
    void aSlotYieldsOnlyWhenNoProviderOfTheChainMaySpend() {
        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(20));
        rig.refresher.withPacing((feed, provider, symbols) -> Optional.of(provider + " is ahead of its pace"));

        CachedSnapshot stands = rig.refreshNow("fx").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(20));
        CachedSnapshot pastTtl = rig.refreshNow("fx").orElseThrow();

        assertThat(stands.version()).isEqualTo(v1.version());
        assertThat(pastTtl.version())
                .as("nothing asked, but past the TTL it reads stale: a version of its own, so streams hear of it")
                .isEqualTo(v1.version() + 1);
        assertThat(pastTtl.snapshot().data()).allMatch(Quote::stale);

        assertThat(rig.report("fx").providers().keySet()).containsExactly("twelvedata", "frankfurter");
        assertThat(rig.report("fx").providers().values())
                .extracting(RefreshReport.ProviderOutcome::outcome)
                .containsOnly(Verdict.Refresh.SKIPPED);
        assertThat(rig.report("fx").result()).isEqualTo(RefreshReport.Result.NEW_VERSION);
    }

    @Test
    void aDayLimitAnswerShutsTheProviderAndTheNextSlotsGoToTheNextProvider() {
        twelvedata.thenFail(ProviderException.rateLimited(
                "twelvedata 429: You have run out of API credits for the day", null, io.quotegate.model.Window.DAY));

        rig.refreshNow("fx").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        CachedSnapshot v2 = rig.refreshNow("fx").orElseThrow();

        assertThat(twelvedata.callCount()).as("shut until the day ends").isEqualTo(1);
        assertThat(frankfurter.callCount()).isEqualTo(2);
        assertThat(v2.stale()).isFalse();
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(Outcome.CIRCUIT_OPEN));
    }

    @Test
    void aWholeRequestRejectionAtTheSecondProviderLeavesItAskedAgainNextSlot() {
        twelvedata.alwaysFail(ProviderException.of(Outcome.AUTH_FAILED, "twelvedata 401: invalid api key"));
        frankfurter.thenFail(ProviderException.invalidSymbols("frankfurter: HTTP 404 not found", Set.copyOf(FX)));

        rig.refreshNow("fx");
        rig.clock.advance(Duration.ofMinutes(30));
        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();

        assertThat(rig.quarantine.of("frankfurter")).isEmpty();
        assertThat(frankfurter.callCount()).isEqualTo(2);
        assertThat(v1.snapshot().data()).extracting(Quote::source).containsOnly("frankfurter");
    }

    @Test
    void aQuarantineEndsAtARealInstantAlsoInSecondsMode() {
        var clock = new io.quotegate.testing.MutableClock(Instant.parse("2026-12-06T10:00:00Z"));
        Quarantine seconds = new Quarantine(clock, TimeScale.of(SlotUnit.SECONDS));

        seconds.add("frankfurter", "EUR/USD", "not found");

        assertThat(seconds.of("frankfurter").get("EUR/USD").until())
                .as("a model hour is a real minute")
                .isEqualTo(Instant.parse("2026-12-06T10:01:00Z"));
        assertThat(Map.of("held", seconds.holds("frankfurter", "EUR/USD"))).containsEntry("held", true);
        clock.advance(Duration.ofSeconds(61));
        assertThat(seconds.holds("frankfurter", "EUR/USD")).isFalse();
    }
}
