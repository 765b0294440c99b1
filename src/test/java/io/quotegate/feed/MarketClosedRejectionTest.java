package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.provider.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * A provider that says a symbol's market is closed (Capital.com {@code CLOSED}, {@code EDITS_ONLY}, no price)
 * rejects it as {@link Outcome#MARKET_CLOSED}: nothing is served for it, nothing is quarantined, the symbol's
 * last quote stays in the snapshot, and the next refresh asks the same provider again.
 */
class MarketClosedRejectionTest {

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("indices", Priority.NORMAL, List.of("SPX", "FTSE"), "capitalcom"))
            .provider(budget("capitalcom", "per-call", 60, null, null))
            .build();
    private final FakeAdapter capitalcom = rig.adapter("capitalcom");

    @Test
    void aClosedMarketServesNothing_quarantinesNothing_andItsLastPriceStays() {
        CachedSnapshot first = rig.refreshNow("indices").orElseThrow();
        Quote ftse = first.snapshot().data().stream()
                .filter(q -> q.symbol().equals("FTSE"))
                .findFirst()
                .orElseThrow();
        capitalcom.then(batch -> Mono.just(
                capitalcom.serving(List.of("SPX"), Map.of("FTSE", FakeAdapter.rejection(Outcome.MARKET_CLOSED)))));
        rig.clock.advance(Duration.ofMinutes(30));

        CachedSnapshot second = rig.refreshNow("indices").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        rig.refreshNow("indices");

        assertThat(rig.quarantine.of("capitalcom")).isEmpty();
        assertThat(second.snapshot().data())
                .filteredOn(q -> q.symbol().equals("FTSE"))
                .singleElement()
                .satisfies(q -> {
                    assertThat(q.price()).isEqualByComparingTo(ftse.price());
                    assertThat(q.asOf()).isEqualTo(ftse.asOf());
                });
        assertThat(capitalcom.calls())
                .as("FTSE is asked again at the next slot")
                .containsExactly(List.of("SPX", "FTSE"), List.of("SPX", "FTSE"), List.of("SPX", "FTSE"));
    }
}
