package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.market.MarketGate;
import io.quotegate.market.Markets;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.Quote;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slots of a closed market spend nothing; the closing price is still fetched and is not stale. */
class ClosedMarketTest {

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("fx", Priority.CRITICAL, List.of("EUR/USD", "GBP/USD"), "twelvedata"))
            .provider(budget("twelvedata", "per-symbol", 8, 800, null), 120)
            .build();
    private final FakeAdapter twelvedata = rig.adapter("twelvedata");

    ClosedMarketTest() {
        rig.refresher.withMarkets(new MarketGate(
                Markets.defaults(),
                Map.of("fx", new MarketGate.FeedRule(List.of(0, 30), "twelvedata", 1)),
                TimeScale.of(SlotUnit.MINUTES),
                rig.clock));
    }

    @Test
    void theWeekendCostsNothingAndTheLastPriceStaysFresh() {
        // Friday 2030-01-11: FX closes at 17:00 New York = 22:00Z.
        rig.clock.advanceTo(Instant.parse("2030-01-11T21:30:00Z"));
        assertThat(rig.refreshNow("fx"))
                .hasValueSatisfying(v -> assertThat(v.snapshot().marketOpen()).isTrue());
        rig.clock.advanceTo(Instant.parse("2030-01-11T22:00:00Z"));
        var closing = rig.refreshNow("fx").orElseThrow();
        assertThat(twelvedata.callCount())
                .as("the first slot after the close fetches the closing price")
                .isEqualTo(2);
        assertThat(closing.snapshot().marketOpen()).isFalse();
        assertThat(closing.snapshot().nextOpen()).isEqualTo(Instant.parse("2030-01-13T22:00:00Z"));
        assertThat(closing.snapshot().data()).allMatch(q -> !q.marketOpen() && !q.stale());

        for (String slot : List.of("2030-01-11T22:30:00Z", "2030-01-12T12:00:00Z", "2030-01-13T21:30:00Z")) {
            rig.clock.advanceTo(Instant.parse(slot));
            assertThat(rig.refreshNow("fx"))
                    .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(closing.version()));
        }
        assertThat(twelvedata.callCount()).as("no call while closed").isEqualTo(2);
        assertThat(rig.used("twelvedata", Window.DAY)).isZero(); // a new UTC day, nothing spent
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.Refresh.SKIPPED);
        // Past the TTL, a read of the closed market's last price is not stale.
        var read = rig.store.read("fx").orElseThrow().snapshot();
        assertThat(read.stale()).isFalse();
        assertThat(read.data()).noneMatch(Quote::stale);

        rig.clock.advanceTo(Instant.parse("2030-01-13T22:00:00Z"));
        assertThat(rig.refreshNow("fx")).hasValueSatisfying(v -> {
            assertThat(v.version()).isEqualTo(closing.version() + 1);
            assertThat(v.snapshot().marketOpen()).isTrue();
            assertThat(v.snapshot().nextOpen()).isNull();
        });
        assertThat(twelvedata.callCount()).isEqualTo(3);
    }

    @Test
    void aStretchedFeedRefreshesOnEveryOtherSlotKeepingItsMinutes() {
        rig.refresher.withMarkets(new MarketGate(
                Markets.alwaysOpenEverywhere(),
                Map.of("fx", new MarketGate.FeedRule(List.of(0, 30), "twelvedata", 2)),
                TimeScale.of(SlotUnit.MINUTES),
                rig.clock));
        rig.refreshNow("fx", Purpose.WARM_UP);
        int calls = twelvedata.callCount();
        for (int i = 1; i <= 6; i++) {
            rig.clock.advanceTo(RefreshRig.START.plusSeconds(1800L * i));
            rig.refreshNow("fx");
        }
        assertThat(twelvedata.callCount() - calls).isEqualTo(3);
        assertThat(twelvedata.callTimes().subList(calls, twelvedata.callCount()))
                .allMatch(t -> t.atZone(java.time.ZoneOffset.UTC).getMinute() % 30 == 0);
    }
}
