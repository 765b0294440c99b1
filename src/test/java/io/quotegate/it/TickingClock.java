package io.quotegate.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the test sets by hand and that ticks on with real time between settings, so waits inside
 * the application (a deferred batch, a backoff) still end. Shared by the application under test and
 * the fake upstream.
 */
final class TickingClock extends Clock {

    private volatile Instant anchor;
    private volatile long anchorNanos;

    TickingClock(Instant start) {
        set(start);
    }

    synchronized void set(Instant instant) {
        anchor = instant;
        anchorNanos = System.nanoTime();
    }

    synchronized void advance(Duration d) {
        set(instant().plus(d));
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
        return anchor.plusNanos(System.nanoTime() - anchorNanos);
    }
}
