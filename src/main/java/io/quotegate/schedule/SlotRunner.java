package io.quotegate.schedule;

import io.quotegate.cluster.SlotClaims;
import io.quotegate.feed.Refresher;
import io.quotegate.logging.Outage;
import io.quotegate.model.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a feed's slot once for the cluster, whoever fires it. In distributed mode the replica first claims the slot in
 * Redis ({@link SlotClaims}: keyed by feed and slot instant), renews the claim every heartbeat while the refresh runs,
 * and marks it done after; a slot claimed by another replica, or done, is left alone. A claim whose replica died
 * mid-slot is taken over ({@code recovered}). The refresh itself is idempotent by feed and slot
 * ({@link Refresher#refreshSlot}), so a slot whose version was stored before its replica died is not fetched again.
 *
 * <p>When Redis cannot say: a slot the clustered scheduler fired runs (PostgreSQL's row locks already made it this
 * replica's alone); a slot the local schedule fired (PostgreSQL lost too) runs on every replica, each within its
 * safety share of the budget. Embedded mode has no claims: a slot simply runs.
 */
final class SlotRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SlotRunner.class);
    private static final Duration LONGEST = Duration.ofHours(1);

    /** Who fired the slot. */
    enum Firing {
        /** Quartz: the RAM store in embedded mode, the clustered JDBC store in distributed mode. */
        SCHEDULER,
        /** This replica's local schedule, because the clustered store could not fire, or to take a slot over. */
        LOCAL
    }

    private final Refresher refresher;
    private final @Nullable SlotClaims claims;
    private final ScheduledExecutorService renewals;
    /** Slots run unclaimed while Redis is away: one WARN for the outage, not one per slot. */
    private final Outage unclaimed = new Outage(log);

    SlotRunner(Refresher refresher, @Nullable SlotClaims claims) {
        this.refresher = refresher;
        this.claims = claims;
        this.renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slot-claims");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the slot here if it is this replica's to run; blocks until the refresh is over. */
    void fire(String feed, Instant slot, Firing by) {
        SlotClaims c = claims;
        if (c == null) {
            refresher.refresh(feed, Purpose.SLOT).block(LONGEST);
            return;
        }
        SlotClaims.Claim claim = c.claim(feed, slot);
        if (claim.outcome() != SlotClaims.Outcome.UNKNOWN) {
            unclaimed.over("Slots are claimed in Redis again");
        }
        switch (claim.outcome()) {
            case CLAIMED -> run(c, feed, slot, Purpose.SLOT);
            case RECOVERED -> {
                log.warn(
                        "Slot {} of {} recovered: replica {} claimed it and stopped renewing its claim (died mid-slot);"
                                + " running it here",
                        slot,
                        feed,
                        claim.replica());
                run(c, feed, slot, Purpose.RECOVERED);
            }
            case UNKNOWN -> {
                unclaimed.failed(
                        "Slot {} of {} runs unclaimed: Redis does not answer ({})",
                        slot,
                        feed,
                        by == Firing.SCHEDULER
                                ? "the clustered scheduler fired it on this replica only"
                                : "PostgreSQL is lost too: every replica runs it, each within its safety share");
                refresher.refreshSlot(feed, slot, Purpose.SLOT).block(LONGEST);
            }
            default -> log.debug("Slot {} of {}: {} by {}", slot, feed, claim.outcome(), claim.replica());
        }
    }

    private void run(SlotClaims c, String feed, Instant slot, Purpose purpose) {
        long every = Math.max(50, c.lease().toMillis() / 3);
        ScheduledFuture<?> renewing = renewals.scheduleWithFixedDelay(
                () -> {
                    if (!c.renew(feed, slot)) {
                        log.warn("Slot {} of {}: this replica's claim could not be renewed", slot, feed);
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        try {
            refresher.refreshSlot(feed, slot, purpose).block(LONGEST);
        } finally {
            renewing.cancel(false);
            c.done(feed, slot);
        }
    }

    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
