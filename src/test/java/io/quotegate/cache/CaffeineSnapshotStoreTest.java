package io.quotegate.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.model.Quote;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class CaffeineSnapshotStoreTest {

    private static final Duration FX_TTL = Duration.ofMinutes(30);
    private static final Duration INDICES_TTL = Duration.ofHours(2);
    private static final Instant T0 = Instant.parse("2024-03-05T10:00:05Z");

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CaffeineSnapshotStore store = new CaffeineSnapshotStore(
            Map.of("fx", FX_TTL, "indices", INDICES_TTL),
            clock,
            JsonMapper.builder().build(),
            registry);

    @Test
    void aReadBeforeAnyPutIsEmptyAndCountsAMiss() {
        assertThat(store.read("fx")).isEmpty();

        assertThat(reads("fx", "miss")).isEqualTo(1.0);
        assertThat(reads("fx", "hit")).isZero();
        assertThat(reads("fx", "stale")).isZero();
    }

    @Test
    void aReadAfterAPutIsFreshAndCountsAHit() {
        store.put(Snapshots.fx(1, T0));

        CachedSnapshot read = store.read("fx").orElseThrow();

        assertThat(read.version()).isEqualTo(1);
        assertThat(read.stale()).isFalse();
        assertThat(read.snapshot().data()).noneMatch(Quote::stale);
        assertThat(reads("fx", "hit")).isEqualTo(1.0);
        assertThat(reads("fx", "miss")).isZero();
    }

    @Test
    void justBeforeTheTtlTheReadIsStillFresh() {
        store.put(Snapshots.fx(1, T0));
        clock.advance(FX_TTL.minusMillis(1));

        assertThat(store.read("fx").orElseThrow().stale()).isFalse();
    }

    @Test
    void afterTheTtlTheReadReturnsTheSameVersionMarkedStale() {
        store.put(Snapshots.fx(7, T0));
        clock.advance(FX_TTL.plusMillis(1));

        CachedSnapshot read = store.read("fx").orElseThrow();

        assertThat(read.version()).isEqualTo(7);
        assertThat(read.stale()).isTrue();
        assertThat(read.snapshot().stale()).isTrue();
        assertThat(read.snapshot().data()).hasSize(2).allMatch(Quote::stale);
        assertThat(read.snapshot().data())
                .extracting(Quote::price)
                .containsExactlyElementsOf(
                        Snapshots.fx(7, T0).data().stream().map(Quote::price).toList());
        assertThat(reads("fx", "stale")).isEqualTo(1.0);
        assertThat(reads("fx", "hit")).isZero();
    }

    @Test
    void aFeedIsNeverEmptyAgainAfterItsFirstSuccess() {
        store.put(Snapshots.fx(1, T0));

        for (int day = 0; day < 30; day++) {
            clock.advance(Duration.ofDays(1));
            assertThat(store.read("fx")).isPresent();
        }
        assertThat(reads("fx", "miss")).isZero();
        assertThat(reads("fx", "stale")).isEqualTo(30.0);
    }

    @Test
    void eachFeedHasItsOwnTtl() {
        store.put(Snapshots.fx(1, T0));
        store.put(Snapshots.of("indices", 1, T0));
        clock.advance(Duration.ofMinutes(31));

        assertThat(store.read("fx").orElseThrow().stale()).isTrue();
        assertThat(store.read("indices").orElseThrow().stale()).isFalse();

        clock.advance(Duration.ofMinutes(90));
        assertThat(store.read("indices").orElseThrow().stale()).isTrue();
    }

    @Test
    void aNewVersionAfterTheTtlIsFreshAgain() {
        store.put(Snapshots.fx(1, T0));
        clock.advance(FX_TTL.plusMinutes(5));
        assertThat(store.read("fx").orElseThrow().stale()).isTrue();

        store.put(Snapshots.fx(2, clock.instant()));

        CachedSnapshot read = store.read("fx").orElseThrow();
        assertThat(read.version()).isEqualTo(2);
        assertThat(read.stale()).isFalse();
    }

    @Test
    void aNewVersionStaysFreshForAFullTtlEvenWhenItReplacesAStillFreshOne() {
        store.put(Snapshots.fx(1, T0));
        clock.advance(Duration.ofMinutes(25));
        store.put(Snapshots.fx(2, clock.instant()));

        clock.advance(Duration.ofMinutes(10));

        CachedSnapshot read = store.read("fx").orElseThrow();
        assertThat(read.version()).isEqualTo(2);
        assertThat(read.stale())
                .as("version 2 is 10 minutes old with a 30 minute TTL")
                .isFalse();
    }

    @Test
    void theFreshJsonIsSerialisedOnceAndSharedByEveryRead() {
        CachedSnapshot put = store.put(Snapshots.fx(1, T0));

        byte[] first = store.read("fx").orElseThrow().json();
        byte[] second = store.read("fx").orElseThrow().json();

        assertThat(first).isSameAs(second).isSameAs(put.json());
    }

    @Test
    void theStaleJsonIsSerialisedOnceAndSharedByEveryStaleRead() {
        CachedSnapshot put = store.put(Snapshots.fx(1, T0));
        clock.advance(FX_TTL.plusSeconds(1));

        byte[] first = store.read("fx").orElseThrow().json();
        clock.advance(Duration.ofHours(3));
        byte[] second = store.read("fx").orElseThrow().json();

        assertThat(first).isSameAs(second).isNotSameAs(put.json());
    }

    @Test
    void theEtagChangesBetweenFreshAndStaleAndBetweenVersions() {
        String v1Fresh = store.put(Snapshots.fx(1, T0)).etag();
        assertThat(store.read("fx").orElseThrow().etag()).isEqualTo(v1Fresh);
        clock.advance(FX_TTL.plusSeconds(1));
        String v1Stale = store.read("fx").orElseThrow().etag();
        store.put(Snapshots.fx(2, clock.instant()));
        String v2Fresh = store.read("fx").orElseThrow().etag();

        assertThat(v1Fresh).isNotEqualTo(v1Stale).isNotEqualTo(v2Fresh);
        assertThat(v1Stale).isNotEqualTo(v2Fresh);
        assertThat(v1Fresh).startsWith("\"").endsWith("\"");
    }

    @Test
    void latestIgnoresTheTtlAndIsNotCountedAsARead() {
        assertThat(store.latest("fx")).isEmpty();
        store.put(Snapshots.fx(3, T0));
        clock.advance(Duration.ofDays(2));

        Optional<io.quotegate.model.Snapshot> latest = store.latest("fx");

        assertThat(latest).isPresent();
        assertThat(latest.get().version()).isEqualTo(3);
        assertThat(latest.get().stale()).isFalse();
        // The read counters exist from the start (registered once, not per read); none has moved.
        assertThat(registry.find("quotegate.cache.reads").counters()).allMatch(c -> c.count() == 0);
    }

    @Test
    void countersAreKeptPerFeed() {
        store.put(Snapshots.fx(1, T0));
        store.read("fx");
        store.read("fx");
        store.read("indices");

        assertThat(reads("fx", "hit")).isEqualTo(2.0);
        assertThat(reads("indices", "miss")).isEqualTo(1.0);
        assertThat(reads("indices", "hit")).isZero();
    }

    @Test
    void theStoreCountsItsReadsDirectlyAsTheMetricDoes() {
        assertThat(store.reads().of("fx")).isEqualTo(CacheReads.Counts.NONE);
        assertThat(store.reads().of("fx").hitRate()).as("no reads yet").isZero();
        store.read("fx");
        store.put(Snapshots.fx(1, T0));
        store.read("fx");
        store.read("fx");
        store.read("fx");
        store.peek("fx");
        clock.advance(FX_TTL.plusMillis(1));
        store.read("fx");

        CacheReads.Counts fx = store.reads().of("fx");
        assertThat(fx).isEqualTo(new CacheReads.Counts(3, 1, 1));
        assertThat(fx.total()).isEqualTo(5);
        assertThat(fx.hitRate()).isEqualTo(0.6);
        assertThat((double) fx.hit()).isEqualTo(reads("fx", "hit"));
        assertThat((double) fx.stale()).isEqualTo(reads("fx", "stale"));
        assertThat((double) fx.miss()).isEqualTo(reads("fx", "miss"));
        assertThat(store.reads().of("indices")).isEqualTo(CacheReads.Counts.NONE);
    }

    @Test
    void readsSharedWithTheStoreAreTheOnesItCounts() {
        CacheReads reads = new CacheReads(registry);
        CaffeineSnapshotStore shared = new CaffeineSnapshotStore(
                Map.of("fx", FX_TTL), clock, JsonMapper.builder().build(), reads, StaleRule.NONE);

        shared.read("fx");

        assertThat(shared.reads()).isSameAs(reads);
        assertThat(reads.of("fx").miss()).isEqualTo(1);
        assertThat(reads("fx", "miss")).isEqualTo(1.0);
    }

    private double reads(String feed, String result) {
        Counter counter = registry.find("quotegate.cache.reads")
                .tag("feed", feed)
                .tag("result", result)
                .counter();
        return counter == null ? 0.0 : counter.count();
    }
}
