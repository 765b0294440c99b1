package io.quotegate.feed;

import io.quotegate.provider.Outcome;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the refreshes did, for /trace: each feed's last {@link RefreshReport}, each provider's last few
 * errors (so a ban stays in sight while its circuit is open), how many answers of each provider were
 * outdated per symbol, and how many slots each feed has run (the budget's state rules skip every other one).
 * Safe to use from any thread.
 */
public final class RefreshLog {

    /** How many errors /trace keeps per provider. */
    static final int ERRORS = 10;

    /**
     * Something that went wrong with a provider, for /trace.
     *
     * @param status the HTTP status of the answer, 0 when there was none
     */
    public record LastError(Instant at, String feed, Verdict outcome, int status, String message) {}

    private final ConcurrentHashMap<String, RefreshReport> reports = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Deque<LastError>> errors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, Long>> outdated = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> slotRuns = new ConcurrentHashMap<>();

    /** Numbers the feed's slot refreshes from 0, one call per slot. */
    long nextSlot(String feed) {
        return slotRuns.computeIfAbsent(feed, f -> new AtomicLong()).getAndIncrement();
    }

    /**
     * Keeps the report as the feed's last, every failure of a provider in it among that provider's errors,
     * and its outdated answers. The refresher writes here; everything else only reads.
     */
    public void record(RefreshReport report, Instant now) {
        report.errors()
                .forEach(e ->
                        keep(e.provider(), new LastError(now, report.feed(), e.outcome(), e.status(), e.message())));
        report.providers().forEach((provider, o) -> {
            if (!o.outdated().isEmpty()) {
                Map<String, Long> counts = outdated.computeIfAbsent(provider, p -> new ConcurrentHashMap<>());
                o.outdated().forEach(symbol -> counts.merge(symbol, 1L, Long::sum));
            }
        });
        reports.put(report.feed(), report);
    }

    private void keep(String provider, LastError error) {
        Deque<LastError> list = errors.computeIfAbsent(provider, p -> new ArrayDeque<>());
        synchronized (list) {
            list.addLast(error);
            while (list.size() > ERRORS) {
                list.removeFirst();
            }
        }
    }

    /**
     * An error of the provider itself: not a decision of ours not to call it (skipped, disabled, quarantined,
     * refused by the ledger, its circuit open), which would push a ban out of sight while the circuit is open.
     */
    static boolean reportable(Verdict v) {
        return v.isFailure()
                && v != Verdict.Refresh.QUARANTINED
                && !v.equals(Verdict.of(Outcome.CIRCUIT_OPEN))
                && !v.equals(Verdict.of(Outcome.BUDGET_DENIED));
    }

    public Optional<RefreshReport> lastReport(String feed) {
        return Optional.ofNullable(reports.get(feed));
    }

    public Optional<LastError> lastError(String provider) {
        List<LastError> all = errors(provider);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The provider's last {@value #ERRORS} errors, oldest first. */
    public List<LastError> errors(String provider) {
        Deque<LastError> list = errors.get(provider);
        if (list == null) {
            return List.of();
        }
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    /** How many of the provider's answers were outdated (older than the quote held), by symbol. */
    public Map<String, Long> outdated(String provider) {
        return new LinkedHashMap<>(outdated.getOrDefault(provider, Map.of()));
    }
}
