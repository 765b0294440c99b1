package io.quotegate.feed;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * A UTC clock that tests move by hand. It reads the virtual scheduler's time, so the clock (read by
 * the ledger, the quarantine and the deadlines) and Reactor delays (backoff, budget waits) always move
 * together: while the scheduler runs a delayed task, the clock reads that task's due time.
 */
final class VirtualClock extends Clock {

    private final Instant origin;
    private final VirtualTimeScheduler scheduler;

    VirtualClock(Instant origin, VirtualTimeScheduler scheduler) {
        this.origin = origin;
        this.scheduler = scheduler;
    }

    /** Moves clock and scheduler together by {@code by}, running every delay that falls due on the way. */
    void advance(Duration by) {
        scheduler.advanceTimeBy(by);
    }

    /** Moves clock and scheduler together to {@code to} (not backwards). */
    void advanceTo(Instant to) {
        Duration by = Duration.between(instant(), to);
        if (by.isNegative()) {
            throw new IllegalArgumentException("the clock does not go back: now " + instant() + ", asked " + to);
        }
        advance(by);
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
        return origin.plusNanos(scheduler.now(TimeUnit.NANOSECONDS));
    }
}
