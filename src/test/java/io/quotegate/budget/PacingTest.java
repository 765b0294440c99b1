package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.budget;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A month limit spread over the month: ahead of pace a slot yields, so the month never runs dry. */
class PacingTest {

    private static final Budget MONTHLY = budget("marketstack", "per-symbol", null, null, 100);

    private static Usage usage(long usedThisMonth, Instant now) {
        return new Usage(
                "marketstack",
                Map.of(
                        Window.MONTH,
                        new Usage.WindowUsage(
                                Windows.start(Window.MONTH, now),
                                Windows.end(Window.MONTH, now),
                                usedThisMonth,
                                100,
                                Map.of())),
                ProviderState.OK);
    }

    @Test
    void aheadOfTheEvenPaceASlotYieldsAndSaysWhy() {
        Instant tenth = Instant.parse("2026-12-10T12:00:00Z"); // 30.6 % of December gone
        assertThat(Pacing.ahead(MONTHLY, usage(20, tenth), 8, tenth)).isEmpty();
        assertThat(Pacing.ahead(MONTHLY, usage(40, tenth), 8, tenth))
                .hasValueSatisfying(why -> assertThat(why)
                        .contains("marketstack", "ahead of its month pace", "40 of 100", "lasts to its end"));
    }

    @Test
    void aMonthIsPacedToItsEndWithoutRunningDry() {
        // A greedy feed: 8 symbols every 30 minutes would want 11,904 a month from 100. Paced, it spends
        // evenly: never over the limit, something in every week, and refreshes until the month's last days.
        Instant t = Instant.parse("2026-12-01T00:05:00Z");
        Instant end = Instant.parse("2027-01-01T00:00:00Z");
        long used = 0;
        long[] perWeek = new long[5];
        Instant last = null;
        for (; t.isBefore(end); t = t.plus(Duration.ofMinutes(30))) {
            if (Pacing.ahead(MONTHLY, usage(used, t), 8, t).isEmpty()) {
                used += 8;
                perWeek[(t.atZone(java.time.ZoneOffset.UTC).getDayOfMonth() - 1) / 7]++;
                last = t;
            }
            assertThat(used).isLessThanOrEqualTo(100);
        }
        assertThat(used).as("the month is used, not left idle").isGreaterThanOrEqualTo(88);
        assertThat(perWeek).as("refreshes in every week").doesNotContain(0L);
        // 100 is not a multiple of 8: the last slot that fits the limit comes when 96 % of the month is gone.
        assertThat(last).as("refreshes go on to the window's last days").isAfter(Instant.parse("2026-12-29T00:00:00Z"));
    }
}
