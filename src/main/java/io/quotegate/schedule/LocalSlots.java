package io.quotegate.schedule;

import io.quotegate.cluster.SlotClaims;
import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Each replica's own schedule of every feed's slots, in distributed mode, beside the clustered scheduler:
 *
 * <ul>
 *   <li>while the clustered scheduler cannot fire (PostgreSQL lost, or not reached yet), this replica fires each slot
 *       at its instant; the slot's claim in Redis decides which replica runs it ({@link SlotRunner});</li>
 *   <li>in any case, from two claim leases after each slot this replica watches the slot's claim until it is done,
 *       and runs the slot itself when nobody claimed it (the clustered scheduler did not fire it: PostgreSQL just came
 *       back and Quartz has not resumed, or the replica that had acquired the trigger died before firing it) or when
 *       the replica that claimed it stopped renewing its claim (died mid-slot). Whoever claims first runs it; the
 *       refresh is idempotent by feed and slot besides.</li>
 * </ul>
 *
 * A slot is fired or taken over only until {@code grace} after its instant (model time), and never at or after the
 * feed's next slot. When Redis does not answer the watch gives the slot up: the clustered scheduler fired it, and its
 * replica runs it unclaimed. When PostgreSQL returns, the clustered scheduler takes over again; a slot both fire
 * runs once, since both go through the same claim.
 */
final class LocalSlots implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSlots.class);

    private final FeedCatalog feeds;
    private final SlotSchedule schedule;
    private final TimeScale scale;
    private final Clock clock;
    private final SlotRunner runner;
    private final SlotClaims claims;
    private final BooleanSupplier clusteredCanFire;
    private final Duration grace;
    private final ScheduledExecutorService timer;
    private final Scheduler runs = Schedulers.boundedElastic();
    private volatile boolean stopped;

    /**
     * @param clusteredCanFire whether the clustered scheduler can fire slots now (it runs and PostgreSQL answers)
     * @param grace            how late (model time) a slot may still start here
     */
    LocalSlots(
            FeedCatalog feeds,
            SlotSchedule schedule,
            TimeScale scale,
            Clock clock,
            SlotRunner runner,
            SlotClaims claims,
            BooleanSupplier clusteredCanFire,
            Duration grace) {
        this.feeds = feeds;
        this.schedule = schedule;
        this.scale = scale;
        this.clock = clock;
        this.runner = runner;
        this.claims = claims;
        this.clusteredCanFire = clusteredCanFire;
        this.grace = grace;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "local-slots");
            t.setDaemon(true);
            return t;
        });
    }

    LocalSlots start() {
        for (Feed f : feeds.all()) {
            arm(f, schedule.next(f.slots(), clock.instant()));
        }
        return this;
    }

    private void arm(Feed feed, Instant slot) {
        if (stopped) {
            return;
        }
        long ms = Math.max(0, Duration.between(clock.instant(), slot).toMillis());
        timer.schedule(() -> due(feed, slot), ms, TimeUnit.MILLISECONDS);
    }

    /** The slot's instant: the next one is armed, and this one is fired here or watched. */
    private void due(Feed feed, Instant slot) {
        arm(feed, schedule.next(feed.slots(), slot));
        if (!clusteredCanFire.getAsBoolean()) {
            log.info(
                    "Slot {} of {} fired by this replica's own schedule: the clustered scheduler cannot fire it",
                    slot,
                    feed.name());
            runs.schedule(() -> runner.fire(feed.name(), slot, SlotRunner.Firing.LOCAL));
        }
        timer.schedule(() -> watch(feed, slot), 2 * claims.lease().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Runs the slot when nobody claimed it, or takes it over when its replica died mid-slot; looks again while another
     * replica runs it, until it is done or too late.
     */
    private void watch(Feed feed, Instant slot) {
        if (stopped || !clock.instant().isBefore(until(feed, slot))) {
            return;
        }
        SlotClaims.Claim c = claims.peek(feed.name(), slot);
        switch (c.outcome()) {
            case FREE, LAPSED -> {
                log.info(
                        "Slot {} of {} {}: this replica takes it",
                        slot,
                        feed.name(),
                        c.outcome() == SlotClaims.Outcome.FREE
                                ? "was not fired by the clustered scheduler"
                                : "lost its replica mid-slot");
                runs.schedule(() -> runner.fire(feed.name(), slot, SlotRunner.Firing.LOCAL));
            }
            case HELD ->
                timer.schedule(
                        () -> watch(feed, slot), Math.max(50, claims.lease().toMillis() / 2), TimeUnit.MILLISECONDS);
            default -> {
                // DONE; or UNKNOWN: Redis does not answer, so the clustered scheduler's replica runs the slot unclaimed
            }
        }
    }

    /** The last instant the slot may start here: its grace, and never the feed's next slot. */
    private Instant until(Feed feed, Instant slot) {
        Instant late = slot.plus(scale.toReal(grace));
        Instant next = schedule.next(feed.slots(), slot);
        return late.isBefore(next) ? late : next;
    }

    @Override
    public void close() {
        stopped = true;
        timer.shutdownNow();
    }
}
