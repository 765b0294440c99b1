package io.quotegate.budget;

import io.quotegate.model.Window;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One provider's budget: its limits per UTC window, its cost model and its edge guard. Limits that are
 * not set are not enforced (Binance has no daily cap, Marketstack only a monthly one).
 *
 * @param edgeGuard real time before the end of a window within which a spend also counts in the next window: the
 *                  provider counts a call by its own clock when it arrives, so a call reserved just before a minute
 *                  (or day, or month) ends may land in the next one. Real time also in seconds mode, since the
 *                  network does not compress. Zero for a provider in this process (no network, the same clock).
 */
public record Budget(String provider, CostModel cost, Map<Window, Integer> limits, Duration edgeGuard) {

    /** The default edge guard of a provider over the network: its latency on an ordinary day plus ordinary clock skew. */
    public static final Duration DEFAULT_EDGE_GUARD = Duration.ofMillis(500);

    public Budget {
        limits = limits.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(limits));
        if (edgeGuard.isNegative()) {
            throw new IllegalArgumentException("the edge guard of " + provider + " is negative: " + edgeGuard);
        }
    }

    /** A budget without an edge guard: every spend counts in the windows of the instant it is reserved only. */
    public Budget(String provider, CostModel cost, Map<Window, Integer> limits) {
        this(provider, cost, limits, Duration.ZERO);
    }

    public OptionalInt limit(Window window) {
        Integer l = limits.get(window);
        return l == null ? OptionalInt.empty() : OptionalInt.of(l);
    }

    /**
     * The most symbols one call may carry so that it fits a whole minute window: the per-minute limit
     * caps a per-symbol batch (8 on Twelve Data Basic).
     */
    public int batchCap(int maxBatch) {
        OptionalInt perMinute = limit(Window.MINUTE);
        return perMinute.isPresent() ? Math.max(1, cost.symbolsWithin(perMinute.getAsInt(), maxBatch)) : maxBatch;
    }
}
