package io.quotegate.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class TimeScaleTest {

    private final TimeScale real = TimeScale.of(SlotUnit.MINUTES);
    private final TimeScale compressed = TimeScale.of(SlotUnit.SECONDS);

    @Test
    void minutesModeRunsInRealTimeAndSecondsModeSixtyTimesFaster() {
        assertThat(real.factor()).isEqualTo(1);
        assertThat(compressed.factor()).isEqualTo(60);
    }

    @Test
    void inMinutesModeTheModelClockIsTheRealClock() {
        MutableClock clock = new MutableClock(Instant.parse("2024-03-05T10:15:30.250Z"));
        Clock model = real.model(clock);

        assertThat(model.instant()).isEqualTo(clock.instant());
        clock.advance(Duration.ofMinutes(7));
        assertThat(model.instant()).isEqualTo(Instant.parse("2024-03-05T10:22:30.250Z"));
    }

    @Test
    void inSecondsModeOneRealSecondIsOneModelMinute() {
        MutableClock clock = new MutableClock(Instant.ofEpochSecond(1_000));
        Clock model = compressed.model(clock);
        Instant before = model.instant();

        clock.advance(Duration.ofSeconds(1));

        assertThat(Duration.between(before, model.instant())).isEqualTo(Duration.ofMinutes(1));
        assertThat(model.getZone()).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void inSecondsModeModelMinuteBoundariesFallOnRealSecondBoundaries() {
        MutableClock clock = new MutableClock(Instant.parse("2024-03-05T10:15:07Z"));
        Clock model = compressed.model(clock);

        ZonedDateTime onBoundary = model.instant().atZone(ZoneOffset.UTC);
        assertThat(onBoundary.getSecond()).isZero();
        assertThat(onBoundary.getNano()).isZero();

        clock.advance(Duration.ofMillis(500));
        ZonedDateTime halfway = model.instant().atZone(ZoneOffset.UTC);
        assertThat(halfway.getSecond()).isEqualTo(30);
        assertThat(halfway.getMinute()).isEqualTo(onBoundary.getMinute());
    }

    @Test
    void inSecondsModeModelMidnightFallsOnRealMultiplesOfTwentyFourMinutesSinceTheEpoch() {
        long k = 1_234_567;
        MutableClock clock =
                new MutableClock(Instant.EPOCH.plus(Duration.ofMinutes(24).multipliedBy(k)));
        Clock model = compressed.model(clock);

        assertThat(model.instant()).isEqualTo(Instant.EPOCH.plus(Duration.ofDays(k)));
        assertThat(model.instant().atZone(ZoneOffset.UTC).toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);

        clock.advance(Duration.ofMinutes(12));
        assertThat(model.instant().atZone(ZoneOffset.UTC).getHour()).isEqualTo(12);

        clock.advance(Duration.ofMinutes(12));
        assertThat(model.instant()).isEqualTo(Instant.EPOCH.plus(Duration.ofDays(k + 1)));
    }

    @Test
    void modelDurationsTakeOneSixtiethOfTheTimeInSecondsMode() {
        assertThat(compressed.toReal(Duration.ofMinutes(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(compressed.toReal(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(2));
        assertThat(compressed.toReal(Duration.ofDays(1))).isEqualTo(Duration.ofMinutes(24));
        assertThat(compressed.toReal(Duration.ofSeconds(15))).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void modelDurationsAreRealDurationsInMinutesMode() {
        assertThat(real.toReal(Duration.ofMinutes(30))).isEqualTo(Duration.ofMinutes(30));
        assertThat(real.toReal(Duration.ofMillis(1))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void toRealInstantIsWhenTheModelClockReadsThatInstant() {
        Instant modelMidnight = Instant.parse("1970-01-02T00:00:00Z");
        assertThat(compressed.toReal(modelMidnight)).isEqualTo(Instant.parse("1970-01-01T00:24:00Z"));

        Instant modelTime = Instant.parse("2024-03-05T10:15:00Z");
        Instant realTime = compressed.toReal(modelTime);
        assertThat(compressed.model(Clock.fixed(realTime, ZoneOffset.UTC)).instant())
                .isEqualTo(modelTime);
    }

    @Test
    void toRealInstantIsTheIdentityInMinutesMode() {
        Instant t = Instant.parse("2024-03-05T10:15:00.123Z");
        assertThat(real.toReal(t)).isEqualTo(t);
    }

    @Test
    void toRealUndoesTheModelClock() {
        MutableClock clock = new MutableClock(Instant.parse("2024-03-05T10:15:07.042Z"));
        assertThat(compressed.toReal(compressed.model(clock).instant())).isEqualTo(clock.instant());
    }
}
