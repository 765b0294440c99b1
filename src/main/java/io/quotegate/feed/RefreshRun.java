package io.quotegate.feed;

import io.quotegate.model.Purpose;
import io.quotegate.model.Quote;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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

    /** How many rejections one provider's outcome spells out; the rest are counted. */
    static final int NOTES = 4;

    final Feed feed;
    final Purpose purpose;
    final Instant deadline;
    final long slotNumber;
    final Set<String> missing;
    /** The quotes the feed holds (from the last snapshot), by symbol. */
    final Map<String, Quote> held;

    final Map<String, Quote> served = new LinkedHashMap<>();
    /** Symbols some provider answered with a quote older than the one held: the held one stays as it is. */
    final Set<String> answeredOlder = new LinkedHashSet<>();

    final Map<String, RefreshReport.ProviderOutcome> outcomes = new LinkedHashMap<>();
    /** Every failure of a provider itself, as it happened. */
    private final List<RefreshReport.ProviderError> errors = new ArrayList<>();

    private final AnswerCheck check;
    /** The provider being asked right now, if any: the one a timeout is blamed on. */
    private @Nullable String asking;

    RefreshRun(
            Feed feed, Purpose purpose, Instant deadline, long slotNumber, Map<String, Quote> held, AnswerCheck check) {
        this.feed = feed;
        this.purpose = purpose;
        this.deadline = deadline;
        this.slotNumber = slotNumber;
        this.held = Map.copyOf(held);
        this.check = check;
        this.missing = new LinkedHashSet<>(feed.symbols());
    }

    /** A provider that was not asked, and why. */
    synchronized void note(String provider, Verdict outcome, String message) {
        outcomes.put(provider, RefreshReport.ProviderOutcome.notAsked(outcome, message));
    }

    /** The provider's batches are about to be asked (or its last one has been, when {@code provider} is null). */
    synchronized void asking(@Nullable String provider) {
        asking = provider;
    }

    /** Takes one attempt in; returns false when the provider should not be asked again this refresh. */
    synchronized boolean absorb(Attempt a, Deque<List<String>> queue, Quarantine quarantine, BatchCall calls) {
        Step step = a.response() != null
                ? answered(a, quarantine, calls)
                : failed(
                        a,
                        Objects.requireNonNull(a.failure(), "an attempt without a response has a failure"),
                        queue,
                        quarantine);
        RefreshReport.ProviderOutcome was =
                outcomes.getOrDefault(a.provider(), RefreshReport.ProviderOutcome.notAsked(Verdict.OK, ""));
        outcomes.put(
                a.provider(), was.plus(step.verdict, step.served, a.tries(), step.notes, step.status, step.outdated));
        if (RefreshLog.reportable(step.verdict)) {
            errors.add(new RefreshReport.ProviderError(
                    a.provider(), step.verdict, step.status, String.join("; ", step.notes)));
        }
        return step.goOn;
    }

    /** What one attempt added to its provider's outcome. */
    private record Step(
            Verdict verdict, int served, List<String> notes, int status, List<String> outdated, boolean goOn) {}

    private Step answered(Attempt a, Quarantine quarantine, BatchCall calls) {
        var answer = Objects.requireNonNull(a.response());
        AnswerCheck.Checked c = check.check(feed.name(), a.provider(), a.symbols(), answer, held);
        List<String> notes = new ArrayList<>();
        c.unasked().forEach(s -> notes.add("answered for " + s + ", which this batch did not ask"));
        if (AnswerCheck.quarantinesAll(
                a.symbols(), c.rejected(), c.accepted().size() + c.outdated().size())) {
            // No verdict on symbols: a provider fault, and nothing is quarantined.
            SymbolRejection first = c.rejected().values().iterator().next();
            notes.add(
                    0,
                    a.provider() + " answered about none of the " + a.symbols().size() + " symbols asked: "
                            + first.message());
            return new Step(Verdict.of(Outcome.MALFORMED), 0, notes, 0, List.of(), false);
        }
        int servedNow = 0;
        for (var e : c.accepted().entrySet()) {
            if (missing.remove(e.getKey())) {
                served.put(e.getKey(), e.getValue());
                quarantine.release(a.provider(), e.getKey());
                calls.failures().goodSymbol(a.provider(), e.getKey());
                servedNow++;
            }
        }
        if (!c.outdated().isEmpty()) {
            calls.outdated(a.provider(), feed.name(), c.outdated().size());
        }
        List<String> outdated = new ArrayList<>();
        for (String symbol : c.outdated()) {
            answeredOlder.add(symbol);
            outdated.add(symbol);
            Quote mine = held.get(symbol);
            notes.add("outdated " + symbol + ": the answer's time is older than the quote held"
                    + (mine == null ? "" : " (" + mine.asOf() + ")"));
        }
        Verdict verdict = Verdict.OK;
        for (var r : c.rejected().entrySet()) {
            if (AnswerCheck.quarantines(r.getValue().outcome())) {
                quarantine.add(a.provider(), r.getKey(), r.getValue().message());
            } else if (r.getValue().outcome() == Outcome.MALFORMED) {
                calls.failures()
                        .badSymbol(
                                a.provider(),
                                feed.name(),
                                r.getKey(),
                                r.getValue().message());
            }
            verdict = Verdict.Refresh.PARTIAL;
            notes.add("rejected " + r.getKey() + " (" + r.getValue().outcome().label() + "): "
                    + r.getValue().message());
        }
        return new Step(verdict, servedNow, notes, 0, outdated, true);
    }

    private Step failed(Attempt a, ProviderException f, Deque<List<String>> queue, Quarantine quarantine) {
        String why = Objects.toString(f.getMessage(), f.outcome().label());
        List<String> batch = a.symbols();
        boolean whole = batch.size() > 1;
        switch (f.outcome()) {
            case INVALID_SYMBOLS -> {
                if (!f.symbols().isEmpty() && whole && f.symbols().containsAll(batch)) {
                    // Every symbol of the request named: no verdict on symbols, a provider fault.
                    return new Step(
                            Verdict.of(Outcome.MALFORMED),
                            0,
                            List.of(a.provider() + " rejected all " + batch.size() + " symbols asked: " + why),
                            f.status(),
                            List.of(),
                            false);
                }
                if (!f.symbols().isEmpty()) {
                    f.symbols().forEach(s -> quarantine.add(a.provider(), s, why));
                    List<String> rest =
                            batch.stream().filter(s -> !f.symbols().contains(s)).toList();
                    if (!rest.isEmpty()) {
                        queue.addFirst(rest);
                    }
                } else if (!whole) {
                    quarantine.add(a.provider(), batch.get(0), why);
                } else {
                    // The provider named no symbol (Binance -1121): bisect to find the bad one.
                    int half = batch.size() / 2;
                    queue.addFirst(batch.subList(half, batch.size()));
                    queue.addFirst(batch.subList(0, half));
                }
                return new Step(Verdict.of(f.outcome()), 0, List.of(why), f.status(), List.of(), true);
            }
            case PLAN_RESTRICTED -> {
                if (whole) {
                    // The plan shuts out the whole request, not one symbol: nothing is quarantined.
                    return new Step(Verdict.of(f.outcome()), 0, List.of(why), f.status(), List.of(), false);
                }
                quarantine.add(a.provider(), batch.get(0), why);
                return new Step(Verdict.of(f.outcome()), 0, List.of(why), f.status(), List.of(), true);
            }
            default -> {
                return new Step(Verdict.of(f.outcome()), 0, List.of(why), f.status(), List.of(), false);
            }
        }
    }

    /**
     * Blames the provider being asked for running out of time: its outcome becomes {@code timeout}, and the
     * batch that did not answer counts as one more batch of at least one try.
     */
    synchronized void timedOut(String message) {
        if (asking == null) {
            return;
        }
        RefreshReport.ProviderOutcome was =
                outcomes.getOrDefault(asking, RefreshReport.ProviderOutcome.notAsked(Verdict.OK, ""));
        outcomes.put(asking, was.plus(Verdict.Refresh.TIMEOUT, 0, 1, List.of(message), 0, List.of()));
        errors.add(new RefreshReport.ProviderError(asking, Verdict.Refresh.TIMEOUT, 0, message));
    }

    synchronized RefreshReport report(Instant at, Duration took, long version, RefreshReport.Result result) {
        return new RefreshReport(
                feed.name(), purpose, at, took, version, result, served.size(), List.copyOf(missing), outcomes, errors);
    }
}
