package io.quotegate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotScheduleTest {

    private final SlotSchedule minutes = new SlotSchedule(SlotUnit.MINUTES, ZoneOffset.UTC);
    private final SlotSchedule seconds = new SlotSchedule(SlotUnit.SECONDS, ZoneOffset.UTC);

    @Test
    void minutesModeMakesSlotsMinutesOfEveryHour() {
        assertThat(minutes.cron(List.of(0, 30))).isEqualTo("0 0,30 * * * ?");
    }

    @Test
    void secondsModeMakesSlotsSecondsOfEveryMinute() {
        assertThat(seconds.cron(List.of(0, 30))).isEqualTo("0,30 * * * * ?");
    }

    @Test
    void unsortedAndDuplicateSlotsAreNormalised() {
        assertThat(minutes.cron(List.of(35, 5, 35, 5))).isEqualTo("0 5,35 * * * ?");
        assertThat(seconds.cron(List.of(50, 20, 20))).isEqualTo("20,50 * * * * ?");
    }

    @Test
    void slotsOutsideZeroToFiftyNineAreRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> minutes.cron(List.of(0, 60)))
                .withMessageContaining("60");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> seconds.cron(List.of(-1)))
                .withMessageContaining("-1");
        assertThatIllegalArgumentException().isThrownBy(() -> minutes.next(List.of(61), Instant.EPOCH));
    }

    @Test
    void noSlotsIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> minutes.cron(List.of()));
    }

    @Test
    void theEdgeSlotsZeroAndFiftyNineAreAccepted() {
        assertThat(minutes.cron(List.of(59, 0))).isEqualTo("0 0,59 * * * ?");
    }

    @Test
    void nextInMinutesModeIsTheNextSlotOfTheSameHour() {
        assertThat(minutes.next(List.of(0, 30), at("2024-03-05T10:12:41Z"))).isEqualTo(at("2024-03-05T10:30:00Z"));
        assertThat(minutes.next(List.of(5, 35), at("2024-03-05T10:04:59.999Z"))).isEqualTo(at("2024-03-05T10:05:00Z"));
    }

    @Test
    void nextInMinutesModeCrossesTheHour() {
        assertThat(minutes.next(List.of(20, 50), at("2024-03-05T10:50:01Z"))).isEqualTo(at("2024-03-05T11:20:00Z"));
        assertThat(minutes.next(List.of(0, 30), at("2024-03-05T10:45:00Z"))).isEqualTo(at("2024-03-05T11:00:00Z"));
    }

    @Test
    void nextInMinutesModeCrossesMidnightUtc() {
        assertThat(minutes.next(List.of(10, 40), at("2024-12-31T23:41:00Z"))).isEqualTo(at("2025-01-01T00:10:00Z"));
        assertThat(minutes.next(List.of(0, 30), at("2024-02-28T23:59:59.999Z"))).isEqualTo(at("2024-02-29T00:00:00Z"));
    }

    @Test
    void anInstantExactlyOnASlotGivesTheFollowingSlot() {
        assertThat(minutes.next(List.of(0, 30), at("2024-03-05T10:30:00Z"))).isEqualTo(at("2024-03-05T11:00:00Z"));
        assertThat(seconds.next(List.of(0, 30), at("2024-03-05T10:30:30Z"))).isEqualTo(at("2024-03-05T10:31:00Z"));
    }

    @Test
    void aSubSecondPastASlotStillGivesTheFollowingSlot() {
        assertThat(minutes.next(List.of(0, 30), at("2024-03-05T10:30:00.001Z"))).isEqualTo(at("2024-03-05T11:00:00Z"));
        assertThat(seconds.next(List.of(0, 30), at("2024-03-05T10:30:00.500Z"))).isEqualTo(at("2024-03-05T10:30:30Z"));
    }

    @Test
    void nextInSecondsModeIsTheNextSecondOfTheSameMinute() {
        assertThat(seconds.next(List.of(20, 50), at("2024-03-05T10:15:21Z"))).isEqualTo(at("2024-03-05T10:15:50Z"));
        assertThat(seconds.next(List.of(5, 35), at("2024-03-05T10:15:00Z"))).isEqualTo(at("2024-03-05T10:15:05Z"));
    }

    @Test
    void nextInSecondsModeCrossesTheMinuteAndTheHour() {
        assertThat(seconds.next(List.of(10, 40), at("2024-03-05T10:15:41Z"))).isEqualTo(at("2024-03-05T10:16:10Z"));
        assertThat(seconds.next(List.of(0, 30), at("2024-03-05T10:59:45Z"))).isEqualTo(at("2024-03-05T11:00:00Z"));
    }

    @Test
    void nextInSecondsModeCrossesMidnightUtc() {
        assertThat(seconds.next(List.of(20, 50), at("2024-03-05T23:59:50Z"))).isEqualTo(at("2024-03-06T00:00:20Z"));
    }

    @Test
    void successiveNextsWalkThroughEverySlotInOrder() {
        Instant t = at("2024-03-05T23:00:00Z");
        Instant[] expected = {at("2024-03-05T23:05:00Z"), at("2024-03-05T23:35:00Z"), at("2024-03-06T00:05:00Z")};
        for (Instant e : expected) {
            t = minutes.next(List.of(35, 5), t);
            assertThat(t).isEqualTo(e);
        }
    }

    @Test
    void slotsAreReadInTheConfiguredZone() {
        SlotSchedule kolkata = new SlotSchedule(SlotUnit.MINUTES, java.time.ZoneId.of("Asia/Kolkata"));
        // India is UTC+05:30: minute :00 there is minute :30 in UTC.
        assertThat(kolkata.next(List.of(0), at("2024-03-05T10:00:00Z"))).isEqualTo(at("2024-03-05T10:30:00Z"));
        assertThat(kolkata.zone().getID()).isEqualTo("Asia/Kolkata");
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void theCachedNextSlotAgreesWithNextAtEveryInstantAroundTheSlots() {
        SlotSchedule.NextSlot next = minutes.nextSlot(java.util.List.of(30, 0));
        java.time.Instant t = java.time.Instant.parse("2024-03-05T09:59:58.500Z");
        for (int i = 0; i < 8000; i++) {
            assertThat(next.after(t)).as(t.toString()).isEqualTo(minutes.next(java.util.List.of(0, 30), t));
            t = t.plusMillis(250 + (i % 3) * 1000L);
        }
    }

    @Test
    void secondsUntilTheNextSlotIsAWholeNonNegativeMaxAge() {
        SlotSchedule.NextSlot next = seconds.nextSlot(java.util.List.of(0, 30));
        long at = java.time.Instant.parse("2024-03-05T10:00:29.001Z").toEpochMilli();
        assertThat(next.secondsUntil(at)).isZero();
        assertThat(next.secondsUntil(at - 1)).as("29.000: one second to go").isEqualTo(1);
        assertThat(next.secondsUntil(at + 999))
                .as("30.000 is the slot itself: the next one is at 10:01:00")
                .isEqualTo(30);
        assertThat(next.secondsUntil(at - 29_001))
                .as("00.000, back in time: recomputed")
                .isEqualTo(30);
    }
}
