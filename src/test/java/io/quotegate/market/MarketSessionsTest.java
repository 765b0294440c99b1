package io.quotegate.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quotegate.config.InvalidConfigurationException;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sessions in model time, across DST switches, weekends, breaks and holidays (all times UTC). */
class MarketSessionsTest {

    private static final Markets MARKETS = Markets.defaults();

    private static Market m(String name) {
        return MARKETS.named(name).orElseThrow();
    }

    private static Instant t(String utc) {
        return Instant.parse(utc);
    }

    @Test
    void newYorkOpensAnHourEarlierInUtcAfterTheMarchSwitch() {
        // 2026-03-08: EST (UTC-5) -> EDT (UTC-4). 09:30 New York is 14:30Z before, 13:30Z after.
        assertThat(m("NYSE").isOpen(t("2026-03-06T13:45:00Z"))).isFalse();
        assertThat(m("NYSE").isOpen(t("2026-03-06T14:45:00Z"))).isTrue();
        assertThat(m("NYSE").isOpen(t("2026-03-09T13:45:00Z"))).isTrue();
        assertThat(m("NYSE").nextOpen(t("2026-03-07T12:00:00Z"))).contains(t("2026-03-09T13:30:00Z"));
        // 2026-11-01 back to EST: Monday 2026-11-02 opens 14:30Z.
        assertThat(m("NYSE").nextOpen(t("2026-10-31T12:00:00Z"))).contains(t("2026-11-02T14:30:00Z"));
    }

    @Test
    void londonFollowsBritishSummerTime() {
        // 2026-03-29: GMT -> BST. 08:00 London is 08:00Z on Friday the 27th, 07:00Z on Monday the 30th.
        assertThat(m("LSE").isOpen(t("2026-03-27T07:30:00Z"))).isFalse();
        assertThat(m("LSE").isOpen(t("2026-03-30T07:30:00Z"))).isTrue();
        assertThat(m("LSE").isOpen(t("2026-03-30T15:45:00Z"))).isFalse(); // 16:45 BST, after the 16:30 close
        // 2026-10-25 back to GMT.
        assertThat(m("LSE").nextOpen(t("2026-10-24T12:00:00Z"))).contains(t("2026-10-26T08:00:00Z"));
    }

    @Test
    void chicagoGlobexHasItsDailyBreakInLocalTime() {
        // Break 16:00-17:00 Chicago: 22:00-23:00Z in CST (before 2026-03-08), 21:00-22:00Z in CDT.
        Market cme = m("CME");
        assertThat(cme.isOpen(t("2026-03-05T22:30:00Z"))).isFalse();
        assertThat(cme.isOpen(t("2026-03-05T21:30:00Z"))).isTrue();
        assertThat(cme.isOpen(t("2026-03-12T22:30:00Z"))).isTrue();
        assertThat(cme.isOpen(t("2026-03-12T21:30:00Z"))).isFalse();
        assertThat(cme.nextOpen(t("2026-03-12T21:30:00Z"))).contains(t("2026-03-12T22:00:00Z"));
        // The week: closed from Friday 16:00 to Sunday 17:00 Chicago.
        assertThat(cme.isOpen(t("2026-03-14T12:00:00Z"))).isFalse();
        assertThat(cme.nextOpen(t("2026-03-14T12:00:00Z"))).contains(t("2026-03-15T22:00:00Z"));
    }

    @Test
    void sydneyLeavesDaylightSavingInApril() {
        // 2026-04-05: AEDT (UTC+11) -> AEST (UTC+10). 10:00 Sydney is 23:00Z the day before, then 00:00Z.
        Market asx = m("ASX");
        assertThat(asx.isOpen(t("2026-04-01T23:30:00Z"))).isTrue();
        assertThat(asx.isOpen(t("2026-04-08T23:30:00Z"))).isFalse();
        assertThat(asx.nextOpen(t("2026-04-08T23:30:00Z"))).contains(t("2026-04-09T00:00:00Z"));
        // 2026-10-04: back to AEDT.
        assertThat(asx.nextOpen(t("2026-10-04T12:00:00Z"))).contains(t("2026-10-04T23:00:00Z"));
    }

    @Test
    void fxShutsForTheWeekendInNewYorkTime() {
        Market fx = m("FX");
        assertThat(fx.isOpen(t("2026-12-04T21:59:00Z"))).isTrue(); // Fri 16:59 EST
        assertThat(fx.isOpen(t("2026-12-04T22:00:00Z"))).isFalse(); // Fri 17:00 EST
        assertThat(fx.isOpen(t("2026-12-05T12:00:00Z"))).isFalse(); // Saturday
        assertThat(fx.nextOpen(t("2026-12-05T12:00:00Z"))).contains(t("2026-12-06T22:00:00Z"));
        assertThat(fx.openBetween(t("2026-12-04T23:00:00Z"), t("2026-12-06T21:00:00Z")))
                .isFalse();
        assertThat(fx.openBetween(t("2026-12-04T21:30:00Z"), t("2026-12-04T22:30:00Z")))
                .isTrue();
        assertThat(fx.openTime(t("2026-11-30T00:00:00Z"), t("2026-12-07T00:00:00Z")))
                .isEqualTo(Duration.ofHours(120));
        assertThat(m("CRYPTO").isOpen(t("2026-12-05T12:00:00Z"))).isTrue();
    }

    @Test
    void lunchBreaksInTokyoHongKongAndShanghai() {
        assertThat(m("TSE").isOpen(t("2026-12-01T02:00:00Z"))).isTrue(); // 11:00 JST
        assertThat(m("TSE").isOpen(t("2026-12-01T03:00:00Z"))).isFalse(); // 12:00 JST
        assertThat(m("TSE").nextOpen(t("2026-12-01T03:00:00Z"))).contains(t("2026-12-01T03:30:00Z"));
        assertThat(m("HKEX").isOpen(t("2026-12-01T04:30:00Z"))).isFalse(); // 12:30 HKT
        assertThat(m("SSE").isOpen(t("2026-12-01T04:30:00Z"))).isFalse(); // 12:30 CST
        assertThat(m("SSE").isOpen(t("2026-12-01T05:30:00Z"))).isTrue(); // 13:30 CST
    }

    @Test
    void holidaysCloseTheDayAndCorrectionsApply() {
        assertThat(m("NYSE").isOpen(t("2026-11-26T15:00:00Z"))).isFalse(); // Thanksgiving
        assertThat(m("NYSE").isOpen(t("2026-11-27T15:00:00Z"))).isTrue();
        assertThat(m("NYSE").isOpen(t("2026-04-03T15:00:00Z"))).isFalse(); // Good Friday
        assertThat(m("CME").isOpen(t("2026-04-03T15:00:00Z"))).isFalse(); // Good Friday, by the EASTER-2 correction
        assertThat(m("CME").isOpen(t("2026-04-02T15:00:00Z"))).isTrue();
        // XETRA: jollyday's DE closes Whit Monday; the exchange trades (correction: TARGET calendar).
        assertThat(m("XETRA").isOpen(t("2026-05-25T10:00:00Z"))).isTrue();
        assertThat(m("XETRA").isOpen(t("2026-12-24T10:00:00Z"))).isFalse();
        assertThat(m("TSE").isOpen(t("2026-01-02T01:00:00Z"))).isFalse(); // exchange holiday, not national
        assertThat(m("LSE").isOpen(t("2026-12-28T10:00:00Z"))).isFalse(); // Boxing Day observed
    }

    @Test
    void endOfDayCountsOnePublicationPerClose() {
        Market nyse = m("NYSE");
        Duration after = Duration.ofHours(2);
        // Close Friday 2026-12-04 21:00Z, published 23:00Z.
        assertThat(nyse.closedBetween(t("2026-12-04T22:00:00Z"), t("2026-12-04T23:30:00Z"), after))
                .isTrue();
        assertThat(nyse.closedBetween(t("2026-12-04T23:30:00Z"), t("2026-12-07T14:00:00Z"), after))
                .isFalse();
        // Tokyo's lunch break is not a close: 11:30 JST (02:30Z) publishes nothing, 15:30 JST (06:30Z) does.
        assertThat(m("TSE").closedBetween(t("2026-12-01T02:00:00Z"), t("2026-12-01T04:00:00Z"), Duration.ZERO))
                .isFalse();
        assertThat(m("TSE").closedBetween(t("2026-12-01T06:00:00Z"), t("2026-12-01T07:00:00Z"), Duration.ZERO))
                .isTrue();
    }

    @Test
    void secondsModeTakesModelTimeAndAModelWeekLastsUnderThreeRealHours() {
        TimeScale scale = TimeScale.of(SlotUnit.SECONDS);
        Clock real = Clock.fixed(t("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
        Instant model = scale.model(real).instant();
        Instant weekLater = model.plus(Duration.ofDays(7));
        assertThat(Duration.between(scale.toReal(model), scale.toReal(weekLater)))
                .isLessThan(Duration.ofHours(3));
        // A model week holds about five regular NYSE sessions of 6.5 hours (a holiday may take one).
        Duration open = m("NYSE").openTime(model, weekLater);
        assertThat(open).isBetween(Duration.ofMinutes(4 * 390), Duration.ofMinutes(5 * 390));
        assertThat(m("FX").openTime(model, weekLater)).isEqualTo(Duration.ofHours(120));
    }

    @Test
    void everyBuiltInMarketAnswersInSecondsModeModelYears() {
        // Real 2026 in seconds mode is model year ~5300, where jollyday's Hijrah and lunar rules have no data.
        Instant model = TimeScale.of(SlotUnit.SECONDS)
                .model(Clock.fixed(t("2026-12-01T10:00:00Z"), ZoneOffset.UTC))
                .instant();
        for (Market market : MARKETS.all().values()) {
            market.isOpen(model);
            market.openTime(model, model.plus(Duration.ofDays(31)));
        }
        // A borrowed year has the same weekdays: Christmas closes the borrowed LSE calendar's Dec 25 (a weekday there).
        int year = model.atZone(ZoneOffset.UTC).getYear();
        java.time.LocalDate christmas = java.time.LocalDate.of(year, 12, 25);
        assertThat(m("LSE").holidays().closed(christmas)).isTrue();
        assertThat(java.time.LocalDate.of(Holidays.equivalentYear(year), 12, 25).getDayOfWeek())
                .isEqualTo(christmas.getDayOfWeek());
    }

    @Test
    void alwaysOpenTreatsEveryMarketAsOpen() {
        Markets all = MarketsConfiguration.build(new MarketsProperties(true, null, null, null, null));
        assertThat(all.market("fx", "EUR/USD").isOpen(t("2026-12-05T12:00:00Z")))
                .isTrue();
        assertThat(all.endOfDay("marketstack")).isEmpty();
    }

    @Test
    void symbolsAndFeedsFindTheirMarkets() {
        assertThat(MARKETS.market("indices", "N225").name()).isEqualTo("TSE");
        assertThat(MARKETS.market("indices", "SPX").name()).isEqualTo("NYSE");
        assertThat(MARKETS.market("fx", "EUR/USD").name()).isEqualTo("FX");
        assertThat(MARKETS.market("commodities", "XAU/USD").name()).isEqualTo("CME");
        assertThat(MARKETS.market("other", "X").always()).isTrue();
    }

    @Test
    void theStocksFeedTradesOnNyseHoursAndHolidays() {
        Market aapl = MARKETS.market("stocks", "AAPL");

        assertThat(aapl.name()).isEqualTo("NYSE");
        assertThat(aapl.isOpen(t("2026-11-25T15:00:00Z")))
                .as("a Wednesday, 10:00 New York")
                .isTrue();
        assertThat(aapl.isOpen(t("2026-11-26T15:00:00Z"))).as("Thanksgiving").isFalse();
        assertThat(aapl.isOpen(t("2026-11-25T21:30:00Z")))
                .as("16:30 New York, after the close")
                .isFalse();
        assertThat(aapl.nextOpen(t("2026-11-26T15:00:00Z"))).contains(t("2026-11-27T14:30:00Z"));
    }

    @Test
    void badKeysFailNamingTheKey() {
        var badZone = new MarketsProperties(
                false,
                Map.of("NYSE", new MarketsProperties.Definition("Mars/Olympus", null, null, null, null)),
                null,
                null,
                null);
        assertThatThrownBy(() -> MarketsConfiguration.build(badZone))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("quotegate.markets.definitions.NYSE.zone");
        var badSession = new MarketsProperties(
                false,
                Map.of("X", new MarketsProperties.Definition("UTC", List.of("MON-FRI 9-5"), null, null, null)),
                null,
                null,
                null);
        assertThatThrownBy(() -> MarketsConfiguration.build(badSession))
                .hasMessageContaining("quotegate.markets.definitions.X.sessions[0]");
        var badCalendar = new MarketsProperties(
                false,
                Map.of(
                        "X",
                        new MarketsProperties.Definition(
                                "UTC", List.of("MON-FRI 09:00-17:00"), "atlantis", null, null)),
                null,
                null,
                null);
        assertThatThrownBy(() -> MarketsConfiguration.build(badCalendar))
                .hasMessageContaining("quotegate.markets.definitions.X.holidays");
        var badSymbol = new MarketsProperties(false, null, null, Map.of("SPX", "NOPE"), null);
        assertThatThrownBy(() -> MarketsConfiguration.build(badSymbol))
                .hasMessageContaining("quotegate.markets.symbols.SPX");
    }
}
