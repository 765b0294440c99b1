package io.quotegate.budget;

import io.quotegate.model.ReportedUsage;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The in-process ledger: per provider, one counter per UTC window (minute, day, month) on the model
 * clock, saved to a {@link LedgerStore} after every grant and before the request leaves.
 *
 * <p>Concurrency: writers (reserve, reconcile, holdMinute) take one writer lock, which makes
 * check-then-count-then-record atomic (two feeds in the same minute cannot both take the last 8
 * credits) and keeps write-ahead true: a grant is on disk before {@link #reserve} answers. Spends
 * happen a few times a minute, so one lock is simpler than finer ones. Readers ({@link #usage},
 * {@link #recentDecisions}, the gauges, /trace) take no lock at all: every write ends by publishing an
 * immutable {@link View} through a volatile field, and a read derives its answer from the view it
 * finds, so a slow fsync can never stall a reader (or the event loop a reader runs on). Writers run
 * on the {@code io} scheduler, never on an event loop.
 *
 * <p>Decision order for a spend of c credits: a month or day window without room denies (waiting
 * for tomorrow is never inside a slot); a call larger than the per-minute limit denies (it can never
 * fit: the caller should have split it); a full minute answers "wait until the next minute"; then the
 * priority and {@link Shares} rules; otherwise the spend is counted and granted.
 */
public final class MemoryLedger implements Ledger {

    private static final Logger log = LoggerFactory.getLogger(MemoryLedger.class);
    private static final int KEPT_DECISIONS = 200;
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
    /** Guards {@link #counters} and {@link #decisions}; readers never take it. */
    private final Object lock = new Object();

    private final LimitRule rule;

    private final Map<String, Map<Window, Counter>> counters = new HashMap<>();
    private final Deque<DecisionRecord> decisions = new ArrayDeque<>();
    /** What readers see: replaced, never changed, at the end of every write. */
    private volatile LedgerView view = LedgerView.EMPTY;

    public MemoryLedger(
            Map<String, Budget> budgets,
            Map<String, Shares> shares,
            Thresholds thresholds,
            Clock realClock,
            TimeScale scale,
            LedgerStore store) {
        this(budgets, shares, thresholds, realClock, scale, store, java.util.Set.of());
    }

    /**
     * @param inProcess providers whose limits are simulated (demo, static): a start without a trusted
     *                  record assumes nothing was spent with them, since no outside counter can be overrun
     */
    public MemoryLedger(
            Map<String, Budget> budgets,
            Map<String, Shares> shares,
            Thresholds thresholds,
            Clock realClock,
            TimeScale scale,
            LedgerStore store,
            java.util.Set<String> inProcess) {
        this(budgets, shares, thresholds, realClock, scale, store, inProcess, Schedulers.immediate());
    }

    /**
     * @param io where reservations run: they take the ledger's lock and write its record to disk, which
     *           must not happen on a network event loop (production passes a bounded elastic scheduler)
     */
    public MemoryLedger(
            Map<String, Budget> budgets,
            Map<String, Shares> shares,
            Thresholds thresholds,
            Clock realClock,
            TimeScale scale,
            LedgerStore store,
            java.util.Set<String> inProcess,
            Scheduler io) {
        this.budgets = Map.copyOf(budgets);
        this.shares = Map.copyOf(shares);
        this.thresholds = thresholds;
        this.scale = scale;
        this.modelClock = scale.model(realClock);
        this.store = store;
        this.inProcess = java.util.Set.copyOf(inProcess);
        this.io = io;
        this.rule = new LimitRule(thresholds, scale);
        synchronized (lock) {
            restore(store.load());
            publish();
        }
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

    private void fillMinute(String provider) {
        Budget budget = budgets.get(provider);
        if (budget == null || budget.limit(Window.MINUTE).isEmpty()) {
            return;
        }
        synchronized (lock) {
            fillMinuteLocked(provider, budget);
            publish();
        }
    }

    private void fillMinuteLocked(String provider, Budget budget) {
        Instant now = modelClock.instant();
        Counter minute = of(windows(provider, now), Window.MINUTE);
        long missing = budget.limit(Window.MINUTE).getAsInt() - minute.total;
        if (missing > 0) {
            minute.add(UNSEEN, missing);
            decisions.addLast(new DecisionRecord(
                    scale.toReal(now),
                    provider,
                    "-",
                    "rate-limited",
                    (int) missing,
                    "held",
                    "the provider says this minute is used up: no more calls before the next one"));
            trim();
            store.save(counters);
        }
    }

    Decision decide(Spend spend) {
        synchronized (lock) {
            Decision d = decideLocked(spend);
            publish();
            return d;
        }
    }

    private Decision decideLocked(Spend spend) {
        Budget budget = budgets.get(spend.provider());
        Instant now = modelClock.instant();
        Decision decision = budget == null
                ? Decision.denied(spend, "no budget is configured for provider " + spend.provider(), null)
                : rule.check(
                        spend,
                        budget,
                        windows(spend.provider(), now),
                        now,
                        shares.getOrDefault(spend.provider(), Shares.NONE));
        if (decision.granted()) {
            Map<Window, Counter> w = windows(spend.provider(), now);
            Budget counted = java.util.Objects.requireNonNull(budget);
            rule.count(spend, counted, w, now);
            try {
                store.save(counters);
            } catch (RuntimeException e) {
                // Write-ahead: a spend that cannot be recorded does not leave.
                rule.count(
                        new Spend(spend.provider(), spend.feed(), spend.priority(), -spend.credits(), spend.purpose()),
                        counted,
                        w,
                        now);
                decision = Decision.denied(spend, "the ledger record could not be written: " + e.getMessage(), null);
            }
        }
        remember(now, decision);
        return decision;
    }

    /**
     * Header sync. A window the provider reports above our count is raised to the report, and so is
     * every window containing it (credits we did not see in this minute were spent in this day and
     * month too): after a sync, month >= day >= minute always holds. Nothing is ever lowered.
     */
    private void sync(String provider, ReportedUsage usage) {
        if (usage.isEmpty() || !budgets.containsKey(provider)) {
            return;
        }
        synchronized (lock) {
            syncLocked(provider, usage);
            publish();
        }
    }

    private void syncLocked(String provider, ReportedUsage usage) {
        Instant now = modelClock.instant();
        Map<Window, Counter> w = windows(provider, now);
        boolean raised = false;
        for (Window reported : Window.values()) {
            Long value = usage.used().get(reported);
            if (value == null || value <= of(w, reported).total) {
                continue;
            }
            long missing = value - of(w, reported).total;
            decisions.addLast(new DecisionRecord(
                    scale.toReal(now),
                    provider,
                    "-",
                    "header-sync",
                    (int) missing,
                    "raised",
                    reported.label() + " count raised from " + of(w, reported).total + " to " + value
                            + " by the provider's own report"));
            trim();
            for (Window enclosing : Window.values()) {
                if (enclosing.compareTo(reported) >= 0) {
                    of(w, enclosing).add(UNSEEN, missing);
                }
            }
            raised = true;
        }
        if (raised) {
            store.save(counters);
        }
    }

    /** Lock-free: derived from the last published view; a window that has rolled over since reads as empty. */
    @Override
    public Usage usage(String provider) {
        Budget budget = budgets.get(provider);
        Instant now = modelClock.instant();
        LedgerView v = view;
        return Usage.of(provider, budget, now, scale, thresholds, window -> v.tally(provider, window, now));
    }

    /** Lock-free: the decisions as of the last write. */
    @Override
    public List<DecisionRecord> recentDecisions() {
        return view.decisions();
    }

    /** Freezes the counters and decisions for readers; called under the lock at the end of every write. */
    private void publish() {
        view = LedgerView.of(counters, decisions);
    }

    private Map<Window, Counter> windows(String provider, Instant now) {
        Map<Window, Counter> w = counters.computeIfAbsent(provider, p -> new EnumMap<>(Window.class));
        for (Window window : Window.values()) {
            Instant start = Windows.start(window, now);
            Counter c = w.computeIfAbsent(window, x -> new Counter(start));
            if (!c.start.equals(start)) {
                c.roll(start);
            }
        }
        return w;
    }

    private void remember(Instant now, Decision decision) {
        decisions.addLast(DecisionRecord.of(scale.toReal(now), decision));
        trim();
        if (!decision.granted()) {
            log.info("Budget {}", decision.summary());
        }
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
                Instant start = of(w, window).start;
                if (!c.start.equals(start)) {
                    c.roll(start); // what was counted ahead for this window stays; an older window's count goes
                }
                w.put(window, c);
            });
        });
        if (!loaded.trusted()) {
            ConservativeStart.assume(budgets, inProcess, now, provider -> windows(provider, now));
        }
    }

    /** The counter of a window; {@link #windows} always holds all three. */
    private static Counter of(Map<Window, Counter> w, Window window) {
        return Objects.requireNonNull(w.get(window), window.label());
    }
}
