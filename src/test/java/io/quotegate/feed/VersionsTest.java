package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.StaleRule;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A version (and its ETag and SSE update) exists only when some quote or flag changed (design invariant 9);
 * a quote too old by its own date is stale from the version it enters, and says so.
 */
class VersionsTest {

    private static final List<String> FX = List.of("EUR/USD", "GBP/USD");
    /** Prices of an outage: the provider keeps answering these very quotes. */
    private static final Instant FROZEN = RefreshRig.START.minusSeconds(1);

    /** Stale 40 minutes after its own time, as Freshness says for a 30-minute feed. */
    private static final StaleRule FORTY_MINUTES = (feed, q) -> q.asOf().plus(Duration.ofMinutes(40));

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("fx", Priority.CRITICAL, FX, "twelvedata"))
            .provider(budget("twelvedata", "per-symbol", 8, 800, null))
            .staleRule(FORTY_MINUTES)
            .build();
    private final FakeAdapter twelvedata = rig.adapter("twelvedata");
    private final List<CachedSnapshot> announced = new CopyOnWriteArrayList<>();

    VersionsTest() {
        rig.store.onVersion(announced::add);
    }

    private static Mono<ProviderResponse> frozen(List<String> batch) {
        Map<String, Quote> quotes = new java.util.LinkedHashMap<>();
        batch.forEach(s -> quotes.put(s, Quote.of(s, new BigDecimal("1.0851"), null, null, FROZEN, "twelvedata")));
        return Mono.just(new ProviderResponse(quotes, Map.of(), ReportedUsage.NONE));
    }

    /** A refresh whose transient failures are retried within a minute. */
    private CachedSnapshot retried() {
        RefreshRig.Pending p = rig.start("fx");
        rig.clock.advance(Duration.ofMinutes(1));
        return p.result().orElseThrow();
    }

    @Test
    void aRefreshThatBringsNothingNewKeepsTheVersionItsEtagAndWakesNoStream() {
        twelvedata.otherwise(VersionsTest::frozen);
        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(20));

        CachedSnapshot after = rig.refreshNow("fx").orElseThrow();

        assertThat(twelvedata.callCount()).isEqualTo(2);
        assertThat(after.version()).isEqualTo(v1.version());
        assertThat(after.etag()).isEqualTo(v1.etag());
        assertThat(announced)
                .as("one version announced to the streams, not two")
                .hasSize(1);
        assertThat(rig.report("fx").result()).isEqualTo(RefreshReport.Result.UNCHANGED);
        assertThat(rig.meters
                        .get("quotegate.refreshes")
                        .tag("result", "unchanged")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aConfirmingRefreshStartsTheTtlAgain() {
        twelvedata.otherwise(VersionsTest::frozen);
        rig.refreshNow("fx").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(20));
        rig.refreshNow("fx").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(15));

        // 35 minutes after the version was made, 15 after it was confirmed: within the TTL of 30 minutes.
        CachedSnapshot read = rig.store.read("fx").orElseThrow();

        assertThat(read.stale()).isFalse();
        assertThat(read.staleReasons()).isEmpty();
    }

    @Test
    void aQuoteThatAgesOutMakesANewVersionAtTheNextRefreshSoStreamsHearOfIt() {
        twelvedata.otherwise(VersionsTest::frozen);
        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(45));

        CachedSnapshot v2 = rig.refreshNow("fx").orElseThrow();

        assertThat(v2.version()).isEqualTo(v1.version() + 1);
        assertThat(v2.snapshot().data()).allMatch(Quote::stale);
        assertThat(v2.staleReasons()).containsOnly(Map.entry("EUR/USD", "age"), Map.entry("GBP/USD", "age"));
        assertThat(announced).hasSize(2);
        assertThat(v2.etag()).isNotEqualTo(v1.etag());
    }

    @Test
    void betweenRefreshesAReadTurnsStaleByAgeBeforeTheTtl() {
        Instant old = RefreshRig.START.minus(Duration.ofMinutes(35));
        twelvedata.then(batch -> Mono.just(new ProviderResponse(
                Map.of(
                        "EUR/USD", Quote.of("EUR/USD", BigDecimal.ONE, null, null, old, "twelvedata"),
                        "GBP/USD", Quote.of("GBP/USD", BigDecimal.TEN, null, null, RefreshRig.START, "twelvedata")),
                Map.of(),
                ReportedUsage.NONE)));
        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();
        assertThat(v1.stale()).isFalse();
        rig.clock.advance(Duration.ofMinutes(6));

        CachedSnapshot read = rig.store.read("fx").orElseThrow();

        assertThat(read.version()).isEqualTo(v1.version());
        assertThat(read.snapshot().data()).extracting(Quote::stale).containsExactly(true, false);
        assertThat(read.staleReasons()).containsExactly(Map.entry("EUR/USD", "age"));
        assertThat(read.etag()).as("another reading, another validator").isNotEqualTo(v1.etag());
    }

    @Test
    void aYearsOldPriceIsStaleFromTheStartAndSaysWhy() {
        Instant y2021 = Instant.parse("2021-02-22T00:00:00Z");
        twelvedata.then(batch -> Mono.just(new ProviderResponse(
                Map.of(
                        "EUR/USD", Quote.of("EUR/USD", BigDecimal.ONE, null, null, y2021, "twelvedata"),
                        "GBP/USD", Quote.of("GBP/USD", BigDecimal.TEN, null, null, RefreshRig.START, "twelvedata")),
                Map.of(),
                ReportedUsage.NONE)));

        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();

        assertThat(v1.stale()).isTrue();
        assertThat(v1.snapshot().data()).extracting(Quote::stale).containsExactly(true, false);
        assertThat(v1.staleReasons()).containsExactly(Map.entry("EUR/USD", "age"));
    }

    @Test
    void anOutageMakesOneStaleVersionAndThenNoMoreWhileItLasts() {
        twelvedata.otherwise(VersionsTest::frozen);
        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();
        twelvedata.alwaysFail(ProviderException.transientFailure("HTTP 503", null));
        rig.clock.advance(Duration.ofMinutes(30));
        CachedSnapshot v2 = retried();
        rig.clock.advance(Duration.ofMinutes(29));
        CachedSnapshot v3 = retried();

        assertThat(v2.version()).isEqualTo(v1.version() + 1);
        assertThat(v2.snapshot().data()).allMatch(Quote::stale);
        assertThat(v2.staleReasons()).containsEntry("EUR/USD", "no provider");
        assertThat(v3.version()).isEqualTo(v2.version());
        assertThat(announced).hasSize(2);
        assertThat(rig.outcome("fx", "twelvedata").outcome())
                .isIn(Verdict.of(Outcome.TRANSIENT), Verdict.of(Outcome.CIRCUIT_OPEN));
    }

    @Test
    void recoveryAfterAnOutageMakesAFreshVersion() {
        twelvedata.otherwise(VersionsTest::frozen);
        rig.refreshNow("fx").orElseThrow();
        twelvedata.alwaysFail(ProviderException.transientFailure("HTTP 503", null));
        rig.clock.advance(Duration.ofMinutes(30));
        retried();
        twelvedata.otherwise(batch -> Mono.just(twelvedata.serving(batch, Map.of())));
        rig.clock.advance(Duration.ofMinutes(30));

        CachedSnapshot v3 = rig.refreshNow("fx").orElseThrow();

        assertThat(v3.stale()).isFalse();
        assertThat(announced).hasSize(3);
    }
}
