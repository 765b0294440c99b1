package io.quotegate.budget;

import io.quotegate.model.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Keeps a long window (month, day) from running dry before it ends: a slot may spend only while the
 * window's count plus the slot stays at or under its even pace, {@code limit x elapsed + head x (1 - elapsed)}
 * (a head start of one slot or 5 % of the limit at the window's start, the whole limit at its end).
 * Ahead of pace, the slot yields; the next slots catch up as time passes, so a feed that must yield skips
 * evenly spread slots instead of spending the window in its first days and going dark for the rest. A
 * fitted plan stays far below the pace; it bites after a conservative start or when faults spent extra.
 */
public final class Pacing {

    private Pacing() {}

    /**
     * Why a slot of this size must yield now, or empty when it may spend.
     *
     * @param modelNow model time
     */
    public static Optional<String> ahead(Budget budget, Usage usage, int slotCost, Instant modelNow) {
        for (Window w : new Window[] {Window.MONTH, Window.DAY}) {
            OptionalInt limit = budget.limit(w);
            if (limit.isEmpty()) {
                continue;
            }
            Instant start = Windows.start(w, modelNow);
            Instant end = Windows.end(w, modelNow);
            double elapsed = (double) Duration.between(start, modelNow).toMillis()
                    / Duration.between(start, end).toMillis();
            // A head start at the window's start (a slot, or 5 % of the limit, whichever is more, so the first
            // slots of a day are not held back), exactly the limit at its end: the last credits are kept for
            // the window's last slots.
            double head = Math.max(slotCost, limit.getAsInt() / 20.0);
            double pace = Math.min(limit.getAsInt(), limit.getAsInt() * elapsed + head * (1 - elapsed));
            long used = usage.used(w);
            if (used + slotCost > pace) {
                return Optional.of(budget.provider() + " is ahead of its " + w.label() + " pace: " + used + " of "
                        + limit.getAsInt() + " used after " + Math.round(elapsed * 1000) / 10.0 + " % of the "
                        + w.label()
                        + "; this slot yields so the " + w.label() + " lasts to its end");
            }
        }
        return Optional.empty();
    }
}
