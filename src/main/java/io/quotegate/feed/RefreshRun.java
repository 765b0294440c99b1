package io.quotegate.feed;

import io.quotegate.model.Quote;
import io.quotegate.provider.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The mutable state of one refresh: the symbols still missing, what was served, and per provider what
 * happened. Touched by one chain at a time (batches run one after another); the methods that build a
 * provider's outcome are synchronized all the same, because a refresh that times out writes its report
 * from the timer's thread.
 */
final class RefreshRun {
    final Feed feed;
    final String purpose;
    final Instant deadline;
    final long slotNumber;
    final Set<String> missing;
    /** Symbols the feed already has a quote for (from the last snapshot). */
    final Set<String> known;

    final Map<String, Quote> served = new LinkedHashMap<>();
    final Map<String, RefreshReport.ProviderOutcome> outcomes = new LinkedHashMap<>();
    /** The provider being asked right now, if any: the one a timeout is blamed on. */
    private @Nullable String asking;

    RefreshRun(Feed feed, String purpose, Instant deadline, long slotNumber, Set<String> known) {
        this.feed = feed;
        this.purpose = purpose;
        this.deadline = deadline;
        this.slotNumber = slotNumber;
        this.known = known;
        this.missing = new LinkedHashSet<>(feed.symbols());
    }

    /** A provider that was not asked, and why. */
    synchronized void note(String provider, Verdict outcome, String message) {
        outcomes.put(provider, new RefreshReport.ProviderOutcome(outcome, 0, 0, 0, message));
    }

    /** The provider's batches are about to be asked (or its last one has been, when {@code provider} is null). */
    synchronized void asking(@Nullable String provider) {
        asking = provider;
    }

    /** Takes one attempt in; returns false when the provider should not be asked again this refresh. */
    synchronized boolean absorb(Attempt a, Deque<List<String>> queue, Quarantine quarantine) {
        RefreshReport.ProviderOutcome before =
                outcomes.getOrDefault(a.provider(), new RefreshReport.ProviderOutcome(Verdict.OK, 0, 0, 0, ""));
        int servedNow = 0;
        Verdict outcome = before.outcome();
        String message = before.message();
        boolean goOn = true;
        if (a.response() != null) {
            for (var e : a.response().quotes().entrySet()) {
                if (missing.remove(e.getKey())) {
                    served.put(e.getKey(), e.getValue());
                    quarantine.release(a.provider(), e.getKey());
                    servedNow++;
                }
            }
            for (var r : a.response().rejected().entrySet()) {
                var why = r.getValue().outcome();
                if (why == Outcome.INVALID_SYMBOLS || why == Outcome.PLAN_RESTRICTED) {
                    quarantine.add(a.provider(), r.getKey(), r.getValue().message());
                }
                outcome = Verdict.Refresh.PARTIAL;
                message = "rejected " + r.getKey() + ": " + r.getValue().message();
            }
        } else {
            var f = Objects.requireNonNull(a.failure(), "an attempt without a response has a failure");
            String why = Objects.toString(f.getMessage(), f.outcome().label());
            outcome = Verdict.of(f.outcome());
            message = why;
            switch (f.outcome()) {
                case INVALID_SYMBOLS -> {
                    if (!f.symbols().isEmpty()) {
                        f.symbols().forEach(s -> quarantine.add(a.provider(), s, why));
                        List<String> rest = a.symbols().stream()
                                .filter(s -> !f.symbols().contains(s))
                                .toList();
                        if (!rest.isEmpty()) {
                            queue.addFirst(rest);
                        }
                    } else if (a.symbols().size() == 1) {
                        quarantine.add(a.provider(), a.symbols().get(0), why);
                    } else {
                        // The provider named no symbol (Binance -1121): bisect to find the bad one.
                        int half = a.symbols().size() / 2;
                        queue.addFirst(a.symbols().subList(half, a.symbols().size()));
                        queue.addFirst(a.symbols().subList(0, half));
                    }
                }
                case PLAN_RESTRICTED -> a.symbols().forEach(s -> quarantine.add(a.provider(), s, why));
                default -> goOn = false;
            }
        }
        outcomes.put(
                a.provider(),
                new RefreshReport.ProviderOutcome(
                        outcome,
                        before.served() + servedNow,
                        before.batches() + 1,
                        before.tries() + a.tries(),
                        message));
        return goOn;
    }

    /**
     * Blames the provider being asked for running out of time: its outcome becomes {@code timeout}, and the
     * batch that did not answer counts as one more batch of at least one try.
     */
    synchronized void timedOut(String message) {
        if (asking == null) {
            return;
        }
        RefreshReport.ProviderOutcome before =
                outcomes.getOrDefault(asking, new RefreshReport.ProviderOutcome(Verdict.OK, 0, 0, 0, ""));
        outcomes.put(
                asking,
                new RefreshReport.ProviderOutcome(
                        Verdict.Refresh.TIMEOUT, before.served(), before.batches() + 1, before.tries() + 1, message));
    }

    synchronized RefreshReport report(Instant at, Duration took, long version) {
        return new RefreshReport(
                feed.name(), purpose, at, took, version, served.size(), List.copyOf(missing), outcomes);
    }
}
