package io.quotegate.budget;

import io.quotegate.model.Window;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What readers of a {@link MemoryLedger} see: a frozen copy of its counters and decisions as of its
 * last write. Readers take no lock; a window that has rolled over since reads as empty.
 */
record LedgerView(Map<String, Map<Window, LedgerView.Frozen>> counters, List<DecisionRecord> decisions) {

    static final LedgerView EMPTY = new LedgerView(Map.of(), List.of());

    /** A window's count, and what the next window of its kind already holds (null when nothing). */
    record Frozen(
            Instant start,
            long total,
            Map<String, Long> byFeed,
            @Nullable Frozen ahead) {

        static Frozen of(Counter c) {
            Counter next = c.ahead;
            return new Frozen(c.start, c.total, Map.copyOf(c.byFeed), next == null ? null : of(next));
        }
    }

    /** Freezes the counters and decisions; called under the ledger's lock. */
    static LedgerView of(Map<String, Map<Window, Counter>> counters, Collection<DecisionRecord> decisions) {
        Map<String, Map<Window, Frozen>> frozen = new HashMap<>();
        counters.forEach((provider, windows) -> {
            Map<Window, Frozen> w = new EnumMap<>(Window.class);
            windows.forEach((window, c) -> w.put(window, Frozen.of(c)));
            frozen.put(provider, Collections.unmodifiableMap(w));
        });
        return new LedgerView(Map.copyOf(frozen), List.copyOf(decisions));
    }

    /** A provider's window at model time {@code now}: counted there, or ahead for it in the window before. */
    Usage.Tally tally(String provider, Window window, Instant now) {
        Frozen f = counters.getOrDefault(provider, Map.of()).get(window);
        Instant start = Windows.start(window, now);
        if (f != null && !f.start().equals(start)) {
            f = f.ahead();
        }
        return f == null || !f.start().equals(start)
                ? new Usage.Tally(0, Map.of())
                : new Usage.Tally(f.total(), f.byFeed());
    }
}
