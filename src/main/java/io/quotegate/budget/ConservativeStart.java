package io.quotegate.budget;

import io.quotegate.model.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start without a trusted ledger record (one that was lost, not a first start) assumes was
 * spent: for every provider outside this process, the current minute counts as full, and each day and
 * month as used at an even pace so far. Providers simulated in this process (demo, static) have no
 * outside counter to overrun and are assumed untouched.
 */
final class ConservativeStart {

    private static final Logger log = LoggerFactory.getLogger(ConservativeStart.class);

    static void assume(
            Map<String, Budget> budgets,
            Set<String> inProcess,
            Instant now,
            Function<String, Map<Window, Counter>> windows) {
        budgets.forEach((provider, budget) -> {
            if (inProcess.contains(provider)) {
                return;
            }
            Map<Window, Counter> w = windows.apply(provider);
            for (Window window : Window.values()) {
                budget.limit(window).ifPresent(limit -> {
                    long assumed = window == Window.MINUTE ? limit : (long) Math.ceil(limit * elapsed(window, now));
                    Counter c = Objects.requireNonNull(w.get(window), window.label());
                    c.add(MemoryLedger.UNKNOWN, Math.max(0, assumed - c.total));
                });
            }
        });
        log.warn("Ledger record was missing or unreadable: starting conservatively. For every provider outside this"
                + " process the current minute counts as full, and each day and month limit as used in proportion to the"
                + " time elapsed in its window");
    }

    /** The fraction of its window that has passed at {@code now}. */
    static double elapsed(Window window, Instant now) {
        Instant start = Windows.start(window, now);
        return (double) Duration.between(start, now).toMillis()
                / Duration.between(start, Windows.end(window, now)).toMillis();
    }

    private ConservativeStart() {}
}
