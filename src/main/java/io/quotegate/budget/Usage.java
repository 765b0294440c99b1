package io.quotegate.budget;

import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A provider's current windows: per window, when it started and ends (as real instants, also in the
 * compressed seconds mode), how much is used (in total and per feed) and the limit (0 when none),
 * plus the state the thresholds give.
 */
public record Usage(String provider, Map<Window, WindowUsage> windows, ProviderState state) {

    public record WindowUsage(Instant start, Instant end, long used, int limit, Map<String, Long> byFeed) {}

    /** A window's count: the total and (those the ledger knows) per feed. */
    record Tally(long total, Map<String, Long> byFeed) {}

    /**
     * The view of a provider's current windows at model time {@code now}, from each window's tally;
     * the state comes from the fullest day or month window that has a limit.
     */
    static Usage of(
            String provider,
            @Nullable Budget budget,
            Instant now,
            TimeScale scale,
            Thresholds thresholds,
            Function<Window, Tally> tally) {
        Map<Window, WindowUsage> windows = new EnumMap<>(Window.class);
        double fraction = 0;
        for (Window window : Window.values()) {
            Instant start = Windows.start(window, now);
            Tally t = tally.apply(window);
            int limit = budget == null ? 0 : budget.limit(window).orElse(0);
            windows.put(
                    window,
                    new WindowUsage(
                            scale.toReal(start),
                            scale.toReal(Windows.end(window, start)),
                            t.total(),
                            limit,
                            t.byFeed()));
            if (window != Window.MINUTE && limit > 0) {
                fraction = Math.max(fraction, (double) t.total() / limit);
            }
        }
        return new Usage(provider, windows, budget == null ? ProviderState.OK : thresholds.stateFor(fraction));
    }

    public long used(Window window) {
        WindowUsage w = windows.get(window);
        return w == null ? 0 : w.used();
    }
}
