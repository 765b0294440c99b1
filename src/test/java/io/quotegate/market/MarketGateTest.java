package io.quotegate.market;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.Snapshot;
import io.quotegate.model.TimeScale;
import io.quotegate.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarketGateTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final MarketGate gate = new MarketGate(
            Markets.defaults(),
            Map.of(
                    "indices", new MarketGate.FeedRule(List.of(5, 35), "marketstack", 1),
                    "fx", new MarketGate.FeedRule(List.of(0, 30), "twelvedata", 1)),
            TimeScale.of(SlotUnit.MINUTES),
            clock);

    private static Snapshot snapshot(String feed, Instant at, String... symbols) {
        List<Quote> quotes = java.util.Arrays.stream(symbols)
                .map(s -> Quote.of(s, BigDecimal.ONE, null, null, at, "x"))
                .toList();
        return new Snapshot(feed, 1, at, false, "x", quotes);
    }

    @Test
    void endOfDaySymbolsAreFetchedOnceAfterEachPublication() {
        // SPX closes 16:00 New York = 21:00Z; Marketstack's bar counts from 23:00Z (2 h later).
        Snapshot last = snapshot("indices", Instant.parse("2026-12-01T12:05:00Z"), "SPX", "N225");
        clock.set(Instant.parse("2026-12-01T15:05:00Z"));
        assertThat(gate.resting("indices", Optional.of(last))).containsExactlyInAnyOrder("SPX", "N225");
        clock.set(Instant.parse("2026-12-01T23:05:00Z"));
        // N225's last close (15:30 Tokyo = 06:30Z) plus 2 h was before the last refresh: nothing new for it.
        assertThat(gate.resting("indices", Optional.of(last))).containsExactly("N225");
    }

    @Test
    void aSymbolOfAnotherProviderOfTheChainFollowsThatProvidersRules() {
        // Live CFD prices first (capitalcom), and RUT, which it has no epic for, from Marketstack's end of day.
        MarketGate split = new MarketGate(
                Markets.defaults(),
                Map.of(
                        "indices",
                        new MarketGate.FeedRule(List.of(5, 35), "capitalcom", 1, Map.of("RUT", "marketstack"))),
                TimeScale.of(SlotUnit.MINUTES),
                clock);
        Snapshot last = snapshot("indices", Instant.parse("2026-12-01T15:05:00Z"), "SPX", "RUT");
        clock.set(Instant.parse("2026-12-01T15:35:00Z"));

        assertThat(split.resting("indices", Optional.of(last)))
                .as("NYSE open: SPX live again, RUT only after its next close plus 2 h")
                .containsExactly("RUT");
    }

    @Test
    void slotIndexGrowsByOnePerSlot() {
        List<Integer> slots = List.of(5, 35);
        long a = MarketGate.slotIndex(slots, Instant.parse("2026-12-01T12:05:00Z"));
        assertThat(MarketGate.slotIndex(slots, Instant.parse("2026-12-01T12:35:00Z")))
                .isEqualTo(a + 1);
        assertThat(MarketGate.slotIndex(slots, Instant.parse("2026-12-01T13:05:00Z")))
                .isEqualTo(a + 2);
        assertThat(MarketGate.slotIndex(slots, Instant.parse("2026-12-01T13:04:59.500Z")))
                .isEqualTo(a + 2);
        long due = java.util.stream.IntStream.range(0, 6)
                .filter(i -> MarketGate.due(
                        slots, 3, Instant.parse("2026-12-01T12:05:00Z").plusSeconds(1800L * i)))
                .count();
        assertThat(due).as("every third of six slots").isEqualTo(2);
    }

    @Test
    void aStaleQuoteIsFetchedEvenWhenItsMarketIsClosed() {
        Instant at = Instant.parse("2026-12-05T12:00:00Z"); // Saturday
        Quote stale = Quote.of("EUR/USD", BigDecimal.ONE, null, null, at, "x").asStale();
        Snapshot last = new Snapshot(
                "fx", 1, at, true, "x", List.of(stale, Quote.of("GBP/USD", BigDecimal.ONE, null, null, at, "x")));
        clock.set(at.plusSeconds(1800));
        assertThat(gate.resting("fx", Optional.of(last))).containsExactly("GBP/USD");
    }
}
