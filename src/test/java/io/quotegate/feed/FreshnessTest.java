package io.quotegate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.market.Markets;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a quote stops being current by its own date (README, "Data integrity"). */
class FreshnessTest {

    private static final FeedCatalog FEEDS = new FeedCatalog(
            List.of(feed("fx", List.of(0, 30)), feed("crypto", List.of(20, 50)), feed("indices", List.of(5, 35))));
    private static final Map<String, Duration> DELAYS = Map.of(
            "twelvedata", Duration.ZERO,
            "coingecko", Duration.ofMinutes(5),
            "frankfurter", Duration.ZERO,
            "marketstack", Duration.ZERO);

    private final Freshness minutes =
            new Freshness(FEEDS, Map.of(), Map.of(), DELAYS, Markets.defaults(), TimeScale.of(SlotUnit.MINUTES));

    private static Feed feed(String name, List<Integer> slots) {
        return new Feed(name, List.of("X"), slots, Duration.ofMinutes(30), List.of("twelvedata"), Priority.NORMAL);
    }

    private static Quote quote(String symbol, String asOf, String source) {
        return Quote.of(symbol, BigDecimal.ONE, null, null, Instant.parse(asOf), source);
    }

    @Test
    void aLivePriceIsCurrentForTheFeedsSlotGapAndTheRefreshsSlack() {
        // Tuesday: FX open. Slots every 30 minutes, no known delay: 30 + 10 minutes.
        Quote eur = quote("EUR/USD", "2026-12-08T10:00:00Z", "twelvedata");

        assertThat(minutes.staleAt("fx", eur)).isEqualTo(Instant.parse("2026-12-08T10:40:00Z"));
        assertThat(minutes.maxAge("fx", "twelvedata")).contains(Duration.ofMinutes(40));
    }

    @Test
    void aProvidersKnownDelayIsPartOfItsMaxAge() {
        Quote btc = quote("BTC/USD", "2020-05-15T08:00:00Z", "coingecko");

        assertThat(minutes.staleAt("crypto", btc)).isEqualTo(Instant.parse("2020-05-15T08:45:00Z"));
    }

    @Test
    void theLastPriceOfASessionStaysCurrentWhileTheMarketIsClosedAndAgesOnceItOpens() {
        // Friday 21:55 UTC (16:55 New York): FX closes at 17:00 New York and opens Sunday 17:00 (22:00 UTC).
        Quote lastOfWeek = quote("EUR/USD", "2026-12-04T21:55:00Z", "twelvedata");

        assertThat(minutes.staleAt("fx", lastOfWeek))
                .as("5 open minutes on Friday, the other 35 after Sunday's open")
                .isEqualTo(Instant.parse("2026-12-06T22:35:00Z"));
    }

    @Test
    void aPriceFromAnEarlierSessionIsStaleWhileTheMarketIsClosed() {
        Quote thursday = quote("EUR/USD", "2026-12-03T12:00:00Z", "twelvedata");

        assertThat(minutes.staleAt("fx", thursday)).isBefore(Instant.parse("2026-12-05T12:00:00Z"));
    }

    @Test
    void aReferenceRateIsCurrentUntilTheNextEcbPublicationIsOut() {
        // Frankfurter's 1999-01-04 rates: the ECB published again on Tuesday 1999-01-05 (14:15-16:00 Berlin).
        Quote rate = quote("EUR/USD", "1999-01-04T00:00:00Z", "frankfurter").asReference();

        assertThat(minutes.staleAt("fx", rate)).isEqualTo(Instant.parse("1999-01-05T15:30:00Z"));
    }

    @Test
    void aFridayReferenceRateIsCurrentOverTheWeekend() {
        Quote friday = quote("EUR/USD", "2026-12-04T00:00:00Z", "frankfurter").asReference();

        assertThat(minutes.staleAt("fx", friday)).isEqualTo(Instant.parse("2026-12-07T15:30:00Z"));
    }

    @Test
    void anEndOfDayBarIsCurrentUntilTheNextTradingDayHasClosedAndBeenPublished() {
        // ASX closes 16:00 Sydney (05:00 UTC in February); Marketstack publishes 2 hours later.
        Quote bar = quote("ASX", "2021-02-22T00:00:00Z", "marketstack");

        assertThat(minutes.staleAt("indices", bar)).isEqualTo(Instant.parse("2021-02-23T07:00:00Z"));
    }

    @Test
    void aQuoteOfNoConfiguredProviderIsNeverCurrent() {
        Quote fixed = quote("XAU/USD", "2030-01-07T10:00:00Z", "fallback");

        assertThat(minutes.staleAt("commodities", fixed)).isEqualTo(Instant.MIN);
    }

    @Test
    void aConfiguredMaxAgeWinsOverTheDerivedOne() {
        Freshness configured = new Freshness(
                FEEDS,
                Map.of(),
                Map.of("twelvedata", Duration.ofMinutes(5)),
                DELAYS,
                Markets.defaults(),
                TimeScale.of(SlotUnit.MINUTES));

        assertThat(configured.staleAt("fx", quote("EUR/USD", "2026-12-08T10:00:00Z", "twelvedata")))
                .isEqualTo(Instant.parse("2026-12-08T10:05:00Z"));
    }

    @Test
    void aFeedStretchedToEveryOtherSlotGivesItsQuotesTwiceTheGap() {
        Freshness stretched = new Freshness(
                FEEDS, Map.of("fx", 2), Map.of(), DELAYS, Markets.defaults(), TimeScale.of(SlotUnit.MINUTES));

        assertThat(stretched.maxAge("fx", "twelvedata")).contains(Duration.ofMinutes(70));
    }

    @Test
    void inSecondsModeAModelMinuteIsARealSecond() {
        Freshness seconds = new Freshness(
                FEEDS, Map.of(), Map.of(), DELAYS, Markets.alwaysOpenEverywhere(), TimeScale.of(SlotUnit.SECONDS));
        Quote btc = quote("BTC/USD", "2026-12-08T10:00:00Z", "twelvedata");

        assertThat(seconds.staleAt("crypto", btc)).isEqualTo(Instant.parse("2026-12-08T10:00:40Z"));
    }

    @Test
    void theLongestGapBetweenSlotsWrapsAtTheHour() {
        assertThat(Freshness.longestGap(List.of(0, 30))).isEqualTo(Duration.ofMinutes(30));
        assertThat(Freshness.longestGap(List.of(5, 15))).isEqualTo(Duration.ofMinutes(50));
        assertThat(Freshness.longestGap(List.of(20))).isEqualTo(Duration.ofMinutes(60));
    }
}
