package io.quotegate.budget;

import io.quotegate.model.Window;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What readers of a {@link MemoryLedger} see: a frozen copy of its counters and decisions as of its
 * last write. Readers take no lock; a window that has rolled over since reads as empty.
 */
record LedgerView(Map<String, Map<Window, LedgerView.Frozen>> counters, List<DecisionRecord> decisions) {

    static final LedgerView EMPTY = new LedgerView(Map.of(), List.of());

    record Frozen(Instant start, long total, Map<String, Long> byFeed) {}

    /** Freezes the counters and decisions; called under the ledger's lock. */
    static LedgerView of(Map<String, Map<Window, Counter>> counters, Collection<DecisionRecord> decisions) {
        Map<String, Map<Window, Frozen>> frozen = new HashMap<>();
        counters.forEach((provider, windows) -> {
            Map<Window, Frozen> w = new EnumMap<>(Window.class);
            windows.forEach((window, c) -> w.put(window, new Frozen(c.start, c.total, Map.copyOf(c.byFeed))));
            frozen.put(provider, Collections.unmodifiableMap(w));
        });
        return new LedgerView(Map.copyOf(frozen), List.copyOf(decisions));
    }

    /** A provider's window at model time {@code now}. */
    Usage.Tally tally(String provider, Window window, Instant now) {
        Frozen f = counters.getOrDefault(provider, Map.of()).get(window);
        return f == null || !f.start().equals(Windows.start(window, now))
                ? new Usage.Tally(0, Map.of())
                : new Usage.Tally(f.total(), f.byFeed());
    }
}
