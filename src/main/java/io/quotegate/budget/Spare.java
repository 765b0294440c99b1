package io.quotegate.budget;

import io.quotegate.market.MarketGate;
import io.quotegate.model.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Whether a day has credits to spare for one extra refresh of a critical feed (issue 9, item 10). An
 * extra refresh may spend only late in the UTC day (model time), after {@code after} of it has passed,
 * and only while what the provider's day has counted, plus every planned slot still to come today at full
 * cost (every market counted open, so the estimate never falls short), plus the extra refresh itself stays
 * at or under {@code target} of the daily limit. Every later extra asks again, so the day ends at or under
 * the target unless faults cost extra (retries and fallbacks are not planned; then no extra is taken).
 *
 * <p>Only a daily limit can be spared: a provider without one has no target to measure against, and a
 * monthly limit is paced over the whole month ({@link Pacing}), so neither takes extra refreshes.
 */
public final class Spare {

    private Spare() {}

    /**
     * One feed's planned slots on a provider.
     *
     * @param slots          its slot minutes (of each model hour)
     * @param every          it spends on every n-th slot (1: all)
     * @param creditsPerSlot a full refresh of its symbols
     */
    public record Planned(List<Integer> slots, int every, int creditsPerSlot) {
        public Planned {
            slots = slots.stream().sorted().distinct().toList();
        }
    }

    /** The credits the planned slots strictly after {@code modelNow} and before the end of its UTC day need at most. */
    public static long stillNeeded(List<Planned> planned, Instant modelNow) {
        Instant end = Windows.end(Window.DAY, modelNow);
        Instant hour = modelNow.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        long need = 0;
        for (; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
            for (Planned p : planned) {
                for (int minute : p.slots()) {
                    Instant t = hour.plus(Duration.ofMinutes(minute));
                    if (t.isAfter(modelNow) && MarketGate.due(p.slots(), p.every(), t)) {
                        need += p.creditsPerSlot();
                    }
                }
            }
        }
        return need;
    }

    /**
     * Why an extra refresh costing {@code cost} must not spend now, or empty when the day has room for it.
     *
     * @param stillNeeded what the provider's planned slots still need today ({@link #stillNeeded})
     * @param modelNow    model time
     */
    public static Optional<String> refusal(
            Budget budget, Usage usage, long stillNeeded, int cost, double target, double after, Instant modelNow) {
        Instant start = Windows.start(Window.DAY, modelNow);
        double elapsed = (double) Duration.between(start, modelNow).toMillis()
                / Duration.between(start, Windows.end(Window.DAY, modelNow)).toMillis();
        if (elapsed < after) {
            return Optional.of("too early: spare refreshes start after " + percent(after) + " of the day, "
                    + percent(elapsed) + " has passed");
        }
        OptionalInt day = budget.limit(Window.DAY);
        if (day.isEmpty()) {
            return Optional.of(budget.provider() + " has no daily limit to spare credits from");
        }
        if (budget.limit(Window.MONTH).isPresent()) {
            return Optional.of(budget.provider() + " has a monthly limit, which is paced over the month, not spared");
        }
        long used = usage.used(Window.DAY);
        double allowed = target * day.getAsInt();
        if (used + stillNeeded + cost > allowed) {
            return Optional.of("no spare credits: " + used + " used + " + stillNeeded + " still planned today + "
                    + cost + " for this refresh > " + Math.round(allowed) + " (target " + percent(target) + " of "
                    + day.getAsInt() + ")");
        }
        return Optional.empty();
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 1000) / 10.0 + " %";
    }
}
