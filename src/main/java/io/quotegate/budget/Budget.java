package io.quotegate.budget;

import io.quotegate.model.Window;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One provider's budget: its limits per UTC window and its cost model. Limits that are not set
 * are not enforced (Binance has no daily cap, Marketstack only a monthly one).
 */
public record Budget(String provider, CostModel cost, Map<Window, Integer> limits) {

    public Budget {
        limits = limits.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(limits));
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
