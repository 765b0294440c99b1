package io.quotegate.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Window;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The arithmetic of spare credits: late in the day only, and only what the rest of the day does not need. */
class SpareTest {

    private static final Budget DAILY = new Budget("td", CostModel.parse("per-symbol"), Map.of(Window.DAY, 800));

    private static Usage used(long day) {
        Map<Window, Usage.WindowUsage> w = new EnumMap<>(Window.class);
        w.put(
                Window.DAY,
                new Usage.WindowUsage(
                        Instant.parse("2030-01-07T00:00:00Z"),
                        Instant.parse("2030-01-08T00:00:00Z"),
                        day,
                        800,
                        Map.of()));
        return new Usage("td", w, ProviderState.OK);
    }

    @Test
    void stillNeededCountsTheDueSlotsLeftToday() {
        Instant at = Instant.parse("2030-01-07T22:15:00Z");
        Spare.Planned fx = new Spare.Planned(List.of(0, 30), 1, 8);

        assertThat(Spare.stillNeeded(List.of(fx), at)).as("22:30, 23:00, 23:30").isEqualTo(24);
        assertThat(Spare.stillNeeded(List.of(fx, new Spare.Planned(List.of(20, 50), 1, 10)), at))
                .as("and 22:20, 22:50, 23:20, 23:50")
                .isEqualTo(24 + 40);
        assertThat(Spare.stillNeeded(List.of(fx), Instant.parse("2030-01-07T23:30:00Z")))
                .as("the slot at now is not still to come")
                .isZero();
    }

    @Test
    void aStretchedFeedNeedsOnlyItsDueSlots() {
        Spare.Planned everyOther = new Spare.Planned(List.of(0, 30), 2, 8);
        long all = Spare.stillNeeded(
                List.of(new Spare.Planned(List.of(0, 30), 1, 8)), Instant.parse("2030-01-07T20:45:00Z"));

        long due = Spare.stillNeeded(List.of(everyOther), Instant.parse("2030-01-07T20:45:00Z"));

        assertThat(all).as("21:00 to 23:30").isEqualTo(6 * 8);
        assertThat(due).as("every other of six").isEqualTo(3 * 8);
    }

    @Test
    void beforeTheLatePartOfTheDayTheAnswerIsNo() {
        assertThat(Spare.refusal(DAILY, used(0), 0, 8, 0.5, 0.75, Instant.parse("2030-01-07T17:59:00Z")))
                .hasValueSatisfying(why -> assertThat(why).startsWith("too early"));
        assertThat(Spare.refusal(DAILY, used(0), 0, 8, 0.5, 0.75, Instant.parse("2030-01-07T18:00:00Z")))
                .isEmpty();
    }

    @Test
    void theExtraFitsOnlyWhenUsedPlusStillNeededPlusItStaysAtOrUnderTheTarget() {
        Instant late = Instant.parse("2030-01-07T22:15:00Z");

        assertThat(Spare.refusal(DAILY, used(300), 92, 8, 0.5, 0.75, late))
                .as("exactly 400")
                .isEmpty();
        assertThat(Spare.refusal(DAILY, used(301), 92, 8, 0.5, 0.75, late))
                .hasValueSatisfying(why ->
                        assertThat(why).contains("301 used + 92 still planned today + 8 for this refresh > 400"));
    }

    @Test
    void withoutADailyLimitOrWithAMonthlyOneNothingIsSpared() {
        Instant late = Instant.parse("2030-01-07T22:15:00Z");
        Budget minuteOnly = new Budget("binance", CostModel.parse("weight:2"), Map.of(Window.MINUTE, 6000));
        Budget monthly = new Budget("ms", CostModel.parse("per-call"), Map.of(Window.DAY, 800, Window.MONTH, 10_000));

        assertThat(Spare.refusal(minuteOnly, used(0), 0, 2, 0.5, 0.75, late))
                .hasValueSatisfying(why -> assertThat(why).contains("no daily limit"));
        assertThat(Spare.refusal(monthly, used(0), 0, 1, 0.5, 0.75, late))
                .hasValueSatisfying(why -> assertThat(why).contains("monthly limit"));
    }
}
