package io.quotegate.model;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Maps real time to model time. In {@code minutes} mode they are the same. In the compressed
 * {@code seconds} mode the model runs 60 times faster: a real second is a model minute, so budget
 * windows (minute, day, month) and TTLs keep their meaning while slots come 60 times as often.
 * A model day is then 24 real minutes, and model midnights fall on real multiples of 24 minutes
 * since the epoch, so windows stay aligned to UTC.
 */
public final class TimeScale {

    private final long factor;

    private TimeScale(long factor) {
        this.factor = factor;
    }

    public static TimeScale of(SlotUnit unit) {
        return new TimeScale(unit == SlotUnit.SECONDS ? 60 : 1);
    }

    public long factor() {
        return factor;
    }

    /** A clock that reads model time from the real clock. */
    public Clock model(Clock real) {
        return factor == 1 ? real : new ScaledClock(real, factor);
    }

    /** How long a model duration takes in real time. */
    public Duration toReal(Duration model) {
        return factor == 1 ? model : model.dividedBy(factor);
    }

    /** The real instant at which the model clock reads {@code model}. */
    public Instant toReal(Instant model) {
        return factor == 1 ? model : Instant.ofEpochMilli(Math.floorDiv(model.toEpochMilli(), factor));
    }

    private static final class ScaledClock extends Clock {
        private final Clock real;
        private final long factor;

        ScaledClock(Clock real, long factor) {
            this.real = real;
            this.factor = factor;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(Math.multiplyExact(real.millis(), factor));
        }
    }
}
