package io.quotegate.model;

import java.util.EnumMap;
import java.util.Map;

/**
 * A provider's own count of our usage, read from its response headers (Twelve Data
 * {@code api-credits-used}, Binance {@code X-MBX-USED-WEIGHT-1M}). The ledger raises its count to
 * a higher reported value and never lowers it.
 */
public record ReportedUsage(Map<Window, Long> used) {

    public static final ReportedUsage NONE = new ReportedUsage(Map.of());

    public ReportedUsage {
        used = used.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(used));
    }

    public static ReportedUsage of(Window window, long usedInWindow) {
        return new ReportedUsage(Map.of(window, usedInWindow));
    }

    public boolean isEmpty() {
        return used.isEmpty();
    }
}
