package io.quotegate.budget;

import io.quotegate.model.Priority;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.Window;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The in-process ledger: per provider, one counter per UTC window (minute, day, month) on the model
 * clock, saved to a {@link LedgerStore} after every grant and before the request leaves.
 *
 * <p>Concurrency: every operation takes the ledger's monitor. Spends happen a few times a minute,
 * so one lock is simpler than finer ones and makes check-then-count atomic (two feeds in the same
 * minute cannot both take the last 8 credits).
 *
 * <p>Decision order for a spend of c credits: a month or day window without room denies (waiting
 * for tomorrow is never inside a slot); a call larger than the per-minute limit denies (it can never
 * fit: the caller should have split it); a full minute answers "wait until the next minute"; then the
 * priority and {@link Shares} rules; otherwise the spend is counted and granted.
 */
public final class MemoryLedger implements Ledger {

    private static final Logger log = LoggerFactory.getLogger(MemoryLedger.class);
    private static final int KEPT_DECISIONS = 200;
    private static final Window[] LONG_WINDOWS = {Window.MONTH, Window.DAY};
    /** The pseudo-feed that carries credits a provider reported and we did not count ourselves. */
    static final String UNSEEN = "(reported)";
    /** The pseudo-feed that carries what a conservative start assumes was spent before it. */
    static final String UNKNOWN = "(unknown)";

    private final Map<String, Budget> budgets;
    private final Map<String, Shares> shares;
    private final Thresholds thresholds;
    private final Clock modelClock;
    private final TimeScale scale;
    private final LedgerStore store;
    private final java.util.Set<String> inProcess;
    private final Scheduler io;
    private final Map<String, Map<Window, Counter>> counters = new HashMap<>();
    private final Deque<DecisionRecord> decisions = new ArrayDeque<>();

    public MemoryLedger(Map<String, Budget> budgets, Map<String, Shares> shares, Thresholds thresholds,
                        Clock realClock, TimeScale scale, LedgerStore store) {
        this(budgets, shares, thresholds, realClock, scale, store, java.util.Set.of());
    }

    /**
     * @param inProcess providers whose limits are simulated (demo, static): a start without a trusted
     *                  record assumes nothing was spent with them, since no outside counter can be overrun
     */
    public MemoryLedger(Map<String, Budget> budgets, Map<String, Shares> shares, Thresholds thresholds,
                        Clock realClock, TimeScale scale, LedgerStore store, java.util.Set<String> inProcess) {
        this(budgets, shares, thresholds, realClock, scale, store, inProcess, Schedulers.immediate());
    }

    /**
     * @param io where reservations run: they take the ledger's lock and write its record to disk, which
     *           must not happen on a network event loop (production passes a bounded elastic scheduler)
     */
    public MemoryLedger(Map<String, Budget> budgets, Map<String, Shares> shares, Thresholds thresholds, Clock realClock,
                        TimeScale scale, LedgerStore store, java.util.Set<String> inProcess, Scheduler io) {
        this.budgets = Map.copyOf(budgets);
        this.shares = Map.copyOf(shares);
        this.thresholds = thresholds;
        this.scale = scale;
        this.modelClock = scale.model(realClock);
        this.store = store;
        this.inProcess = java.util.Set.copyOf(inProcess);
        this.io = io;
        restore(store.load());
    }

    @Override
    public Mono<Decision> reserve(Spend spend) {
        return Mono.fromCallable(() -> decide(spend)).subscribeOn(io);
    }

    @Override
    public Mono<Void> reconcile(String provider, ReportedUsage usage) {
        return Mono.<Void>fromRunnable(() -> sync(provider, usage)).subscribeOn(io);
    }

    @Override
    public Mono<Void> holdMinute(String provider) {
        return Mono.<Void>fromRunnable(() -> fillMinute(provider)).subscribeOn(io);
    }

    private synchronized void fillMinute(String provider) {
        Budget budget = budgets.get(provider);
        if (budget == null || budget.limit(Window.MINUTE).isEmpty()) {
            return;
        }
        Instant now = modelClock.instant();
        Counter minute = windows(provider, now).get(Window.MINUTE);
        long missing = budget.limit(Window.MINUTE).getAsInt() - minute.total;
        if (missing > 0) {
            minute.add(UNSEEN, missing);
            decisions.addLast(new DecisionRecord(scale.toReal(now), provider, "-", "rate-limited", (int) missing, "held",
                    "the provider says this minute is used up: no more calls before the next one"));
            trim();
            store.save(counters);
        }
    }

    synchronized Decision decide(Spend spend) {
        Budget budget = budgets.get(spend.provider());
        Instant now = modelClock.instant();
        Decision decision = budget == null
                ? Decision.denied(spend, "no budget is configured for provider " + spend.provider(), null)
                : check(spend, budget, windows(spend.provider(), now), now);
        if (decision.granted()) {
            Map<Window, Counter> w = windows(spend.provider(), now);
            w.values().forEach(c -> c.add(spend.feed(), spend.credits()));
            try {
                store.save(counters);
            } catch (RuntimeException e) {
                // Write-ahead: a spend that cannot be recorded does not leave.
                w.values().forEach(c -> c.add(spend.feed(), -spend.credits()));
                decision = Decision.denied(spend, "the ledger record could not be written: " + e.getMessage(), null);
            }
        }
        remember(now, decision);
        return decision;
    }

    private Decision check(Spend spend, Budget budget, Map<Window, Counter> w, Instant now) {
        int c = spend.credits();
        for (Window window : LONG_WINDOWS) {
            var limit = budget.limit(window);
            if (limit.isPresent() && w.get(window).total + c > limit.getAsInt()) {
                return Decision.denied(spend, window.label() + " limit " + limit.getAsInt() + " reached: used "
                        + w.get(window).total + ", needs " + c, window);
            }
        }
        var perMinute = budget.limit(Window.MINUTE);
        if (perMinute.isPresent()) {
            if (c > perMinute.getAsInt()) {
                return Decision.denied(spend, "a call of " + c + " credits exceeds the per-minute limit "
                        + perMinute.getAsInt(), Window.MINUTE);
            }
            long used = w.get(Window.MINUTE).total;
            if (used + c > perMinute.getAsInt()) {
                Duration wait = scale.toReal(Duration.between(now, Windows.end(Window.MINUTE, now)));
                return Decision.waitFor(spend, wait, Window.MINUTE, "minute full: used " + used + " of "
                        + perMinute.getAsInt() + ", needs " + c);
            }
        }
        ProviderState state = state(budget, w);
        if (state.compareTo(ProviderState.CRITICAL) >= 0 && spend.priority() == Priority.NORMAL) {
            return Decision.denied(spend, "provider is " + state.label() + ": only critical feeds spend", null);
        }
        return shares.getOrDefault(spend.provider(), Shares.NONE).decide(spend, budget, w, state);
    }

    /**
     * Header sync. A window the provider reports above our count is raised to the report, and so is
     * every window containing it (credits we did not see in this minute were spent in this day and
     * month too): after a sync, month >= day >= minute always holds. Nothing is ever lowered.
     */
    private synchronized void sync(String provider, ReportedUsage usage) {
        if (usage.isEmpty() || !budgets.containsKey(provider)) {
            return;
        }
        Instant now = modelClock.instant();
        Map<Window, Counter> w = windows(provider, now);
        boolean raised = false;
        for (Window reported : Window.values()) {
            Long value = usage.used().get(reported);
            if (value == null || value <= w.get(reported).total) {
                continue;
            }
            long missing = value - w.get(reported).total;
            decisions.addLast(new DecisionRecord(scale.toReal(now), provider, "-", "header-sync", (int) missing, "raised",
                    reported.label() + " count raised from " + w.get(reported).total + " to " + value
                            + " by the provider's own report"));
            trim();
            for (Window enclosing : Window.values()) {
                if (enclosing.compareTo(reported) >= 0) {
                    w.get(enclosing).add(UNSEEN, missing);
                }
            }
            raised = true;
        }
        if (raised) {
            store.save(counters);
        }
    }

    @Override
    public synchronized Usage usage(String provider) {
        Budget budget = budgets.get(provider);
        Instant now = modelClock.instant();
        Map<Window, Counter> w = windows(provider, now);
        Map<Window, Usage.WindowUsage> view = new EnumMap<>(Window.class);
        w.forEach((window, c) -> view.put(window, new Usage.WindowUsage(scale.toReal(c.start), scale.toReal(Windows.end(window, c.start)), c.total,
                budget == null ? 0 : budget.limit(window).orElse(0), Map.copyOf(c.byFeed))));
        return new Usage(provider, view, budget == null ? ProviderState.OK : state(budget, w));
    }

    @Override
    public synchronized List<DecisionRecord> recentDecisions() {
        return new ArrayList<>(decisions);
    }

    private ProviderState state(Budget budget, Map<Window, Counter> w) {
        double fraction = 0;
        for (Window window : LONG_WINDOWS) {
            var limit = budget.limit(window);
            if (limit.isPresent()) {
                fraction = Math.max(fraction, (double) w.get(window).total / limit.getAsInt());
            }
        }
        return thresholds.stateFor(fraction);
    }

    private Map<Window, Counter> windows(String provider, Instant now) {
        Map<Window, Counter> w = counters.computeIfAbsent(provider, p -> new EnumMap<>(Window.class));
        for (Window window : Window.values()) {
            Instant start = Windows.start(window, now);
            Counter c = w.computeIfAbsent(window, x -> new Counter(start));
            if (!c.start.equals(start)) {
                c.reset(start);
            }
        }
        return w;
    }

    private void remember(Instant now, Decision decision) {
        decisions.addLast(DecisionRecord.of(scale.toReal(now), decision));
        trim();
        if (!decision.granted()) {
            log.info("Budget {} {} credits for {} on {} ({}): {}", decision.kind().name().toLowerCase(java.util.Locale.ROOT),
                    decision.spend().credits(), decision.spend().feed(), decision.spend().provider(),
                    decision.spend().purpose(), decision.reason());
        }
    }

    private static double elapsed(Window window, Instant now) {
        Instant start = Windows.start(window, now);
        return (double) Duration.between(start, now).toMillis() / Duration.between(start, Windows.end(window, now)).toMillis();
    }

    private void trim() {
        while (decisions.size() > KEPT_DECISIONS) {
            decisions.removeFirst();
        }
    }

    private void restore(LedgerStore.Loaded loaded) {
        Instant now = modelClock.instant();
        loaded.counters().forEach((provider, saved) -> {
            Map<Window, Counter> w = windows(provider, now);
            saved.forEach((window, c) -> {
                if (c.start.equals(w.get(window).start)) {
                    w.put(window, c);
                }
            });
        });
        if (!loaded.trusted()) {
            budgets.forEach((provider, budget) -> {
                if (inProcess.contains(provider)) {
                    return;
                }
                Map<Window, Counter> w = windows(provider, now);
                for (Window window : Window.values()) {
                    budget.limit(window).ifPresent(limit -> {
                        // The minute counts as full; day and month as spent at an even pace so far.
                        long assumed = window == Window.MINUTE ? limit : (long) Math.ceil(limit * elapsed(window, now));
                        Counter c = w.get(window);
                        c.add(UNKNOWN, Math.max(0, assumed - c.total));
                    });
                }
            });
            log.warn("Ledger record was missing or unreadable: starting conservatively. For every provider outside this"
                    + " process the current minute counts as full, and each day and month limit as used in proportion to the"
                    + " time elapsed in its window");
        }
    }
}
