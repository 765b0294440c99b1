package io.quotegate.feed;

import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says each provider's failures in the log once per episode (design invariant 11). The first failure of an
 * episode (a provider that answered well, or failed otherwise, starts failing with an outcome) is one WARN
 * line: provider, feed, outcome, HTTP status, the upstream message (already free of keys) and until when it
 * is held off, if known. Repeats are counted and summarised every {@link #SUMMARY} of real time; the first
 * good answer ends the episode with one INFO line. A provider's answer that credits a symbol wrongly (the
 * wrong instrument, a time in the future) is said once per provider and symbol until that symbol is served.
 * Real time throughout, also in seconds mode.
 */
final class FailureLog {

    private static final Logger log = LoggerFactory.getLogger(FailureLog.class);

    /** How often a failure that goes on is summarised (real time). */
    static final Duration SUMMARY = Duration.ofMinutes(10);

    private record Episode(Outcome outcome, Instant since, int failures, Instant said, String last) {}

    private final Clock clock;
    private final Map<String, Episode> episodes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> badSymbols = new ConcurrentHashMap<>();

    FailureLog(Clock clock) {
        this.clock = clock;
    }

    /** A call failed; {@code until} is when the provider is held off (a ban, a day limit), if known. */
    void failed(String provider, String feed, ProviderException e, @Nullable Instant until) {
        Instant now = clock.instant();
        String what = describe(e) + (until == null ? "" : "; held off until " + until);
        episodes.compute(provider, (p, was) -> {
            if (was == null || was.outcome() != e.outcome()) {
                log.warn(
                        "{} is failing for {}: {}{}",
                        provider,
                        feed,
                        what,
                        was == null
                                ? ""
                                : " (after " + count(was) + " " + was.outcome().label() + ")");
                return new Episode(e.outcome(), now, 1, now, what);
            }
            int failures = was.failures() + 1;
            if (!now.isBefore(was.said().plus(SUMMARY))) {
                log.warn(
                        "{} still failing ({}): {} since {}; last for {}: {}",
                        provider,
                        e.outcome().label(),
                        failures + " failures",
                        was.since(),
                        feed,
                        what);
                return new Episode(was.outcome(), was.since(), failures, now, what);
            }
            return new Episode(was.outcome(), was.since(), failures, was.said(), what);
        });
    }

    /** A call answered: an open episode ends. */
    void answered(String provider, String feed) {
        Episode was = episodes.remove(provider);
        if (was != null) {
            log.info(
                    "{} answers again ({}) after {} {} since {} ({} s)",
                    provider,
                    feed,
                    count(was),
                    was.outcome().label(),
                    was.since(),
                    Duration.between(was.since(), clock.instant()).toSeconds());
        }
    }

    /** An answer credited a symbol wrongly; said once until the provider serves the symbol again. */
    void badSymbol(String provider, String feed, String symbol, String message) {
        if (badSymbols.putIfAbsent(provider + "\u0000" + symbol, Boolean.TRUE) == null) {
            log.warn("{} answered malformed for {} in {}: {}", provider, symbol, feed, message);
        }
    }

    /** The provider served the symbol: a later bad answer about it is said again. */
    void goodSymbol(String provider, String symbol) {
        badSymbols.remove(provider + "\u0000" + symbol);
    }

    private static String count(Episode e) {
        return e.failures() == 1 ? "1 failure" : e.failures() + " failures";
    }

    private static String describe(ProviderException e) {
        return e.outcome().label() + (e.status() > 0 ? " (HTTP " + e.status() + ")" : "") + ": " + e.getMessage();
    }
}
