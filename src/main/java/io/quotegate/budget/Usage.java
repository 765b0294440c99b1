package io.quotegate.budget;

import io.quotegate.model.Window;
import java.time.Instant;
import java.util.Map;

/**
 * A provider's current windows: per window, when it started and ends (as real instants, also in the
 * compressed seconds mode), how much is used (in total and per feed) and the limit (0 when none),
 * plus the state the thresholds give.
 */
public record Usage(String provider, Map<Window, WindowUsage> windows, ProviderState state) {

    public record WindowUsage(Instant start, Instant end, long used, int limit, Map<String, Long> byFeed) {}

    public long used(Window window) {
        WindowUsage w = windows.get(window);
        return w == null ? 0 : w.used();
    }
}
