package io.quotegate.feed;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the refreshes did, for /trace: each feed's last {@link RefreshReport}, each provider's last
 * error, and how many slots each feed has run (the budget's state rules skip every other one).
 * Safe to use from any thread.
 */
public final class RefreshLog {

    /** The last thing that went wrong with a provider, for /trace. */
    public record LastError(Instant at, String feed, Verdict outcome, String message) {}

    private final ConcurrentHashMap<String, RefreshReport> reports = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LastError> lastErrors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> slotRuns = new ConcurrentHashMap<>();

    /** Numbers the feed's slot refreshes from 0, one call per slot. */
    long nextSlot(String feed) {
        return slotRuns.computeIfAbsent(feed, f -> new AtomicLong()).getAndIncrement();
    }

    /**
     * Keeps the report as the feed's last, and every provider failure in it as that provider's last error.
     * The refresher writes here; everything else only reads.
     */
    public void record(RefreshReport report, Instant now) {
        report.providers().forEach((provider, o) -> {
            if (o.outcome().isFailure()) {
                lastErrors.put(provider, new LastError(now, report.feed(), o.outcome(), o.message()));
            }
        });
        reports.put(report.feed(), report);
    }

    public Optional<RefreshReport> lastReport(String feed) {
        return Optional.ofNullable(reports.get(feed));
    }

    public Optional<LastError> lastError(String provider) {
        return Optional.ofNullable(lastErrors.get(provider));
    }
}
