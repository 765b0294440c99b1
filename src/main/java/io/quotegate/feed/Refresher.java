package io.quotegate.feed;

import io.quotegate.model.Quote;
import io.quotegate.model.Snapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quotegate.budget.Budget;
import io.quotegate.budget.Ledger;
import io.quotegate.model.Priority;
import io.quotegate.budget.ProviderState;
import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.SnapshotStore;
import io.quotegate.market.MarketGate;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.TimeScale;
import io.quotegate.stream.Broadcaster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One refresh of one feed: walk its chain, fetch the symbols still missing in batches under the
 * shared budgets, merge into the last snapshot (unserved symbols keep their last quote, marked
 * stale), store the new version and publish it.
 *
 * <p>Single-flight: while a feed refreshes, further requests for it (a slot and a warm-up, many
 * waiting clients) share the one in flight, so there is one upstream call however many wait.
 */
public final class Refresher {

    private static final Logger log = LoggerFactory.getLogger(Refresher.class);
    static final Duration WARM_UP_PATIENCE = Duration.ofMinutes(5);

    private final FeedCatalog feeds;
    private final ProviderRegistry providers;
    private final Map<String, Budget> budgets;
    private final Map<String, Integer> maxBatch;
    private final Ledger ledger;
    private final BatchCall calls;
    private final Quarantine quarantine;
    private final SnapshotStore store;
    private final Broadcaster broadcaster;
    private final SlotSchedule schedule;
    private final TimeScale scale;
    private final Clock clock;
    private final Scheduler scheduler;
    private final MeterRegistry meters;
    private final Map<String, Mono<Optional<CachedSnapshot>>> inFlight = new ConcurrentHashMap<>();
    private long firstVersion = 1;
    private final Map<String, RefreshReport> reports = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> slotRuns = new ConcurrentHashMap<>();
    private final Map<String, LastError> lastErrors = new ConcurrentHashMap<>();
    private MarketGate markets;

    /** The last thing that went wrong with a provider, for /trace. */
    public record LastError(Instant at, String feed, String outcome, String message) {}

    Refresher(FeedCatalog feeds, ProviderRegistry providers, Map<String, Budget> budgets, Map<String, Integer> maxBatch,
              Ledger ledger, BatchCall calls, Quarantine quarantine, SnapshotStore store, Broadcaster broadcaster,
              SlotSchedule schedule, TimeScale scale, Clock clock, Scheduler scheduler, MeterRegistry meters) {
        this.feeds = feeds;
        this.providers = providers;
        this.budgets = budgets;
        this.maxBatch = maxBatch;
        this.ledger = ledger;
        this.calls = calls;
        this.quarantine = quarantine;
        this.store = store;
        this.broadcaster = broadcaster;
        this.schedule = schedule;
        this.scale = scale;
        this.clock = clock;
        this.scheduler = scheduler;
        this.meters = meters;
        this.markets = MarketGate.alwaysOpen(scale, clock);
    }

    /** Markets and the fitted plan decide which symbols a slot need not fetch (default: every market open). */
    Refresher withMarkets(MarketGate gate) {
        this.markets = gate;
        return this;
    }

    /**
     * Refreshes the feed (or joins the refresh in flight). Emits the new version, or empty when the
     * feed had no snapshot and nothing could be served. Never errors.
     *
     * @param purpose {@code slot}, {@code warm-up} or a test's own word, for /trace
     */
    public Mono<Optional<CachedSnapshot>> refresh(String feedName, String purpose) {
        return inFlight.computeIfAbsent(feedName, name -> {
            // The entry leaves before the result is emitted, so a refresh asked for by a subscriber of this
            // one (or by a slot at that very moment) starts anew instead of joining a finished one.
            AtomicReference<Mono<Optional<CachedSnapshot>>> self = new AtomicReference<>();
            Mono<Optional<CachedSnapshot>> shared = Mono.defer(() -> run(feeds.get(name), purpose))
                    .doOnSuccess(v -> inFlight.remove(name, self.get()))
                    .doFinally(s -> inFlight.remove(name, self.get()))
                    .cache();
            self.set(shared);
            return shared;
        });
    }

    /**
     * Where each feed's versions start in this process. Production starts them at the start time in epoch
     * seconds, so a restarted process never reuses a version (an ETag or Last-Event-ID) of an earlier one:
     * versions grow by one per refresh, far slower than one a second.
     */
    Refresher startingVersionsAt(long first) {
        this.firstVersion = first;
        return this;
    }

    public Optional<RefreshReport> lastReport(String feed) {
        return Optional.ofNullable(reports.get(feed));
    }

    public Optional<LastError> lastError(String provider) {
        return Optional.ofNullable(lastErrors.get(provider));
    }

    public Quarantine quarantine() {
        return quarantine;
    }

    private Mono<Optional<CachedSnapshot>> run(Feed feed, String purpose) {
        Instant started = clock.instant();
        Instant deadline = deadline(feed, started, purpose);
        long slotNumber = purpose.equals("slot") ? slotRuns.computeIfAbsent(feed.name(), n -> new AtomicLong()).getAndIncrement() : 0;
        Set<String> known = store.latest(feed.name()).map(s -> s.data().stream().map(Quote::symbol)
                .collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
        RefreshRun run = new RefreshRun(feed, purpose, deadline, slotNumber, known);
        // Market hook: symbols whose market stayed closed since the last refresh (or not due) cost nothing.
        if (purpose.equals("slot") && run.missing.removeAll(markets.resting(feed.name(), store.latest(feed.name())))
                && run.missing.isEmpty()) {
            run.note(feed.chain().get(0), "skipped", markets.why(feed.name()));
        }
        return Flux.fromIterable(feed.chain())
                .concatMap(provider -> run.missing.isEmpty() ? Mono.empty() : fromProvider(run, provider))
                .then(Mono.fromSupplier(() -> finish(run, started)))
                // Whatever happens below, a refresh ends within its slot (plus a model minute of grace), so a
                // call that never answers cannot hold the feed's next slot.
                .timeout(Duration.between(started, deadline).plus(scale.toReal(Duration.ofMinutes(1))), scheduler)
                .onErrorResume(e -> {
                    log.error("Refresh of {} failed unexpectedly", feed.name(), e);
                    return Mono.just(Optional.empty());
                });
    }

    private Mono<Void> fromProvider(RefreshRun run, String provider) {
        Optional<ProviderAdapter> adapter = providers.adapter(provider);
        if (adapter.isEmpty()) {
            run.note(provider, "disabled", providers.disabledReason(provider).orElse("not configured"));
            return Mono.empty();
        }
        Budget budget = budgets.get(provider);
        String skip = skipReason(run, provider);
        if (skip != null) {
            run.note(provider, "skipped", skip);
            return Mono.empty();
        }
        List<String> wanted = run.missing.stream().filter(s -> !quarantine.holds(provider, s))
                .filter(s -> !adapter.get().lastResort() || !run.known.contains(s)).toList();
        if (wanted.isEmpty() && adapter.get().lastResort()) {
            run.note(provider, "skipped", "the last real quotes are kept (stale) rather than replaced by " + provider + " values");
            return Mono.empty();
        }
        if (wanted.isEmpty()) {
            run.note(provider, "quarantined", "every missing symbol is quarantined for " + provider);
            return Mono.empty();
        }
        int cap = budget.batchCap(maxBatch.getOrDefault(provider, Budget.DEFAULT_MAX_BATCH));
        Deque<List<String>> queue = new ArrayDeque<>(partition(wanted, cap));
        return drain(run, adapter.get(), budget, queue);
    }

    private Mono<Void> drain(RefreshRun run, ProviderAdapter adapter, Budget budget, Deque<List<String>> queue) {
        List<String> batch = queue.poll();
        if (batch == null) {
            return Mono.empty();
        }
        return calls.run(run.feed, adapter, budget, batch, run.purpose, run.deadline).flatMap(attempt -> {
            boolean goOn = run.absorb(attempt, queue, quarantine);
            return goOn ? drain(run, adapter, budget, queue) : Mono.empty();
        });
    }

    /**
     * The budget's state rules: from degrade-at a normal feed refreshes only on every other slot; from critical-only-at it does not spend at all (the ledger enforces that too).
     */
    private String skipReason(RefreshRun run, String provider) {
        if (run.feed.priority() != Priority.NORMAL || !run.purpose.equals("slot")) {
            return null;
        }
        ProviderState state = ledger.usage(provider).state();
        if (state.compareTo(ProviderState.CRITICAL) >= 0) {
            return provider + " is " + state.label() + ": normal-priority feeds skip their slots";
        }
        if (state == ProviderState.DEGRADED && run.slotNumber % 2 == 1) {
            return provider + " is degraded: normal-priority feeds skip every other slot";
        }
        return null;
    }

    private Optional<CachedSnapshot> finish(RefreshRun run, Instant started) {
        Feed feed = run.feed;
        Optional<io.quotegate.model.Snapshot> previous = store.latest(feed.name());
        Map<String, Quote> last = previous.map(s -> s.data().stream().collect(Collectors.toMap(Quote::symbol, q -> q)))
                .orElse(Map.of());
        List<Quote> data = new ArrayList<>();
        for (String symbol : feed.symbols()) {
            Quote fresh = run.served.get(symbol);
            Quote old = last.get(symbol);
            if (fresh != null) {
                data.add(fresh);
            } else if (old != null) {
                data.add(old.asStale());
            }
        }
        Duration took = Duration.between(started, clock.instant());
        run.outcomes.forEach((provider, o) -> {
            if (!o.outcome().equals("ok") && !o.outcome().equals("skipped") && !o.outcome().equals("disabled")) {
                lastErrors.put(provider, new LastError(clock.instant(), feed.name(), o.outcome(), o.message()));
            }
        });
        Timer.builder("quotegate.refresh.duration").description("Time one feed refresh took")
                .tag("feed", feed.name()).register(meters).record(took);
        boolean attempted = run.outcomes.values().stream().anyMatch(o -> o.batches() > 0);
        if (!attempted && previous.isPresent() && run.served.isEmpty()) {
            // Nothing was asked of any provider (skipped by the budget's state rules, disabled, quarantined):
            // nothing new is known, so the current version stands; the TTL decides when it turns stale.
            reports.put(feed.name(), run.report(started, took, previous.get().version()));
            return store.peek(feed.name());
        }
        if (data.isEmpty()) {
            reports.put(feed.name(), run.report(started, took, 0));
            log.warn("Refresh of {} ({}) served nothing and the feed has no snapshot yet: {}", feed.name(), run.purpose, run.outcomes);
            return Optional.empty();
        }
        long version = previous.map(s -> s.version() + 1).orElse(firstVersion);
        Instant now = clock.instant();
        Snapshot snapshot = markets.annotate(new Snapshot(feed.name(), version, now, schedule.next(feed.slots(), now),
                data.stream().anyMatch(Quote::stale), source(run.served.values()), data), previous);
        CachedSnapshot cached = store.put(snapshot);
        broadcaster.publish(cached);
        reports.put(feed.name(), run.report(started, took, version));
        log.info("Refreshed {} v{} ({}): {} of {} served, source {}, providers {}", feed.name(), version, run.purpose,
                run.served.size(), feed.symbols().size(), snapshot.source(), run.outcomes.keySet());
        return Optional.of(cached);
    }

    /** The provider that served most quotes; {@code fallback} when none did. */
    static String source(java.util.Collection<Quote> served) {
        return served.stream().collect(Collectors.groupingBy(Quote::source, LinkedHashMap::new, Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("fallback");
    }

    /**
     * How long this refresh may wait and retry. A slot stops at the next slot of this feed or of any
     * feed sharing a provider with it (a late slot never runs into another feed's slot). A warm-up, whose
     * feed has nothing to serve yet, may take at least {@link #WARM_UP_PATIENCE} (model time): the ledger
     * still enforces every limit, and a slot firing meanwhile joins the warm-up in flight.
     */
    private Instant deadline(Feed feed, Instant now, String purpose) {
        Set<String> mine = Set.copyOf(feed.chain());
        Instant nextSlot = feeds.all().stream()
                .filter(f -> f.name().equals(feed.name()) || f.chain().stream().anyMatch(mine::contains))
                .map(f -> schedule.next(f.slots(), now))
                .min(Instant::compareTo).orElseThrow();
        if (!purpose.equals("warm-up")) {
            return nextSlot;
        }
        Instant patient = now.plus(scale.toReal(WARM_UP_PATIENCE));
        return patient.isAfter(nextSlot) ? patient : nextSlot;
    }

    static <T> List<List<T>> partition(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
        }
        return out;
    }
}
