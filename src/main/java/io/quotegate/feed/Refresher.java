package io.quotegate.feed;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quotegate.budget.Budget;
import io.quotegate.budget.Ledger;
import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.SnapshotStore;
import io.quotegate.cache.StaleRule;
import io.quotegate.market.MarketGate;
import io.quotegate.model.Purpose;
import io.quotegate.model.Quote;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.Snapshot;
import io.quotegate.model.TimeScale;
import io.quotegate.provider.ProviderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One refresh of one feed: walk its chain, fetch the symbols still missing in batches under the
 * shared budgets (one provider at a time, by {@link ProviderBatches}), merge into the last snapshot
 * (unserved symbols keep their last quote, marked stale), store the new version and publish it.
 *
 * <p>Single-flight: while a feed refreshes, further requests for it (a slot and a warm-up, many
 * waiting clients) share the one in flight, so there is one upstream call however many wait.
 *
 * <p>What each refresh did (for /trace) goes to the {@link RefreshLog}; a refresh that runs out of
 * time leaves its report there too, naming the provider that did not answer.
 */
public final class Refresher {

    private static final Logger log = LoggerFactory.getLogger(Refresher.class);
    static final Duration WARM_UP_PATIENCE = Duration.ofMinutes(5);
    /** How long (model time) a refresh may run past its deadline before it is cut off. */
    static final Duration GRACE = Duration.ofMinutes(1);

    /**
     * Whom a refresh asks and under which rules: the adapters, their budgets and batch sizes, the
     * ledger (whose state rules skip slots), one batch call, and the symbols each provider rejected.
     * {@link ProviderBatches} is their one user.
     */
    record Upstream(
            ProviderRegistry providers,
            Map<String, Budget> budgets,
            Map<String, Integer> maxBatch,
            Ledger ledger,
            BatchCall calls,
            Quarantine quarantine) {}

    /**
     * Where a refresh's versions go: the store, which announces each new one to the streams.
     * {@code firstVersion} is where each feed's versions start in this process: production starts them at
     * the start time in epoch seconds, so a restarted process never reuses a version (an ETag or
     * Last-Event-ID) of an earlier one (versions grow by one per change, far slower than one a second).
     */
    record Outlet(SnapshotStore store, long firstVersion) {}

    /** The slots, the model clock's scale, the clock, and the scheduler that times deadlines. */
    record Timing(SlotSchedule schedule, TimeScale scale, Clock clock, Scheduler scheduler) {}

    private final FeedCatalog feeds;
    private final ProviderBatches batches;
    private final Outlet outlet;
    private final RefreshLog refreshes;
    private final Timing timing;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Mono<Optional<CachedSnapshot>>> inFlight = new ConcurrentHashMap<>();
    private MarketGate markets;
    private StaleRule staleRule = StaleRule.NONE;
    private AnswerCheck checks;

    Refresher(
            FeedCatalog feeds,
            Upstream upstream,
            Outlet outlet,
            RefreshLog refreshes,
            Timing timing,
            MeterRegistry meters) {
        this.feeds = feeds;
        this.batches = new ProviderBatches(upstream);
        this.outlet = outlet;
        this.refreshes = refreshes;
        this.timing = timing;
        this.clock = timing.clock();
        this.meters = meters;
        this.markets = MarketGate.alwaysOpen(timing.scale(), timing.clock());
        this.checks = new AnswerCheck(clock, AnswerCheck.DEFAULT_SKEW, staleRule);
    }

    /** Long windows are paced per provider: one ahead of its pace passes the slot on ({@link ProviderBatches.Pacing}). */
    Refresher withPacing(ProviderBatches.Pacing rule) {
        batches.pacing(rule);
        return this;
    }

    /** Quotes older by their own date than their source can be are stale from the version they enter. */
    Refresher withStaleRule(StaleRule rule) {
        this.staleRule = rule;
        this.checks = new AnswerCheck(clock, AnswerCheck.DEFAULT_SKEW, rule);
        return this;
    }

    /** Markets and the fitted plan decide which symbols a slot need not fetch (default: every market open). */
    Refresher withMarkets(MarketGate gate) {
        this.markets = gate;
        return this;
    }

    /**
     * A slot's refresh, idempotent by feed and slot instant: when the feed already holds a version made at or after
     * {@code slot} (the slot ran, on this replica or another), nothing runs and the current version stands.
     *
     * @param purpose {@link Purpose#SLOT}, or {@link Purpose#RECOVERED}: a slot all the same (markets, budget states)
     */
    public Mono<Optional<CachedSnapshot>> refreshSlot(String feedName, Instant slot, Purpose purpose) {
        Optional<Snapshot> latest = outlet.store().latest(feedName);
        if (latest.isPresent() && !latest.get().asOf().isBefore(slot)) {
            return Mono.just(outlet.store().peek(feedName));
        }
        return refresh(feedName, purpose);
    }

    /**
     * Refreshes the feed (or joins the refresh in flight). Emits the new version, or empty when the
     * feed had no snapshot and nothing could be served, or when the refresh ran out of time. Never errors.
     *
     * @param purpose why it runs: the slot rules, the warm-up's patience, and /trace follow it
     */
    public Mono<Optional<CachedSnapshot>> refresh(String feedName, Purpose purpose) {
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

    private Mono<Optional<CachedSnapshot>> run(Feed feed, Purpose purpose) {
        Instant started = clock.instant();
        Instant deadline = deadline(feed, started, purpose);
        long slotNumber = purpose.isSlot() ? refreshes.nextSlot(feed.name()) : 0;
        Optional<Snapshot> last = outlet.store().latest(feed.name());
        Map<String, Quote> held = last.map(s ->
                        s.data().stream().collect(Collectors.toUnmodifiableMap(Quote::symbol, q -> q, (a, b) -> a)))
                .orElse(Map.of());
        RefreshRun run = new RefreshRun(feed, purpose, deadline, slotNumber, held, checks);
        // Market hook: symbols whose market stayed closed since the last refresh (or not due) cost nothing,
        // at a slot and at a spare refresh alike.
        if ((purpose.isSlot() || purpose == Purpose.SPARE)
                && run.missing.removeAll(markets.resting(feed.name(), last))
                && run.missing.isEmpty()) {
            run.note(feed.chain().get(0), Verdict.Refresh.SKIPPED, markets.why(feed.name()));
        }
        Duration limit = Duration.between(started, deadline).plus(timing.scale().toReal(GRACE));
        return Flux.fromIterable(feed.chain())
                .concatMap(provider -> run.missing.isEmpty() ? Mono.empty() : batches.ask(run, provider))
                .then(Mono.fromSupplier(() -> finish(run, started)))
                // Whatever happens below, a refresh ends within its slot (plus a model minute of grace), so a
                // call that never answers cannot hold the feed's next slot.
                .timeout(limit, Mono.fromSupplier(() -> timedOut(run, started, limit)), timing.scheduler())
                .onErrorResume(e -> {
                    log.error("Refresh of {} failed unexpectedly", feed.name(), e);
                    return Mono.just(Optional.empty());
                });
    }

    /** Nothing new is stored: the current version (if any) stands, and the report says which provider did not answer. */
    private Optional<CachedSnapshot> timedOut(RefreshRun run, Instant started, Duration limit) {
        Feed feed = run.feed;
        run.timedOut("no answer within the slot and its grace minute (" + limit + ")");
        long standing =
                outlet.store().latest(feed.name()).map(Snapshot::version).orElse(0L);
        RefreshReport report = run.report(
                started, Duration.between(started, clock.instant()), standing, RefreshReport.Result.TIMED_OUT);
        record(report);
        log.warn("Refresh of {} ({}) timed out after {}: {}", feed.name(), run.purpose, limit, report.providers());
        return Optional.empty();
    }

    private Optional<CachedSnapshot> finish(RefreshRun run, Instant started) {
        Feed feed = run.feed;
        SnapshotStore store = outlet.store();
        Optional<Snapshot> previous = store.latest(feed.name());
        Duration took = Duration.between(started, clock.instant());
        Timer.builder("quotegate.refresh.duration")
                .description("Time one feed refresh took")
                .tag("feed", feed.name())
                .register(meters)
                .record(took);
        boolean attempted = run.outcomes.values().stream().anyMatch(o -> o.batches() > 0);
        List<Quote> data;
        String source;
        if (!attempted && previous.isPresent() && run.served.isEmpty()) {
            // Nothing was asked of any provider (markets closed, budget rules, quarantine): nothing new is known.
            // The version stands, unless it now reads otherwise (a quote aged out, the TTL passed): then what
            // readers see becomes a version of its own, so that the streams hear of it too.
            CachedSnapshot reading = store.peek(feed.name()).orElseThrow();
            if (reading.snapshot().data().equals(previous.get().data())) {
                return done(run, started, took, previous.get().version(), RefreshReport.Result.STANDS);
            }
            data = reading.snapshot().data();
            source = previous.get().source();
        } else {
            data = FeedQuotes.merge(feed.symbols(), run.served, run.answeredOlder, previous);
            source = FeedQuotes.source(run.served.values());
        }
        if (data.isEmpty()) {
            log.warn(
                    "Refresh of {} ({}) served nothing and the feed has no snapshot yet: {}",
                    feed.name(),
                    run.purpose,
                    run.outcomes);
            done(run, started, took, 0, RefreshReport.Result.NOTHING);
            return Optional.empty();
        }
        Instant now = clock.instant();
        // Quotes older by their own date than their source can honestly be are stale from the version they enter.
        Snapshot candidate = markets.annotate(
                        new Snapshot(feed.name(), 0, now, data.stream().anyMatch(Quote::stale), source, data), previous)
                .staleWhere(q -> !staleRule.staleAt(feed.name(), q).isAfter(now));
        if (previous.isPresent() && candidate.sameContentAs(previous.get())) {
            long version = previous.get().version();
            if (!attempted) {
                return done(run, started, took, version, RefreshReport.Result.STANDS);
            }
            // Nothing changed: no new version, ETag or update (no client pays a message for it); the version is
            // confirmed, so its TTL starts again.
            store.touch(feed.name(), version);
            log.info(
                    "Refreshed {} ({}): nothing changed, v{} stands, providers {}",
                    feed.name(),
                    run.purpose,
                    version,
                    run.outcomes.keySet());
            return done(run, started, took, version, RefreshReport.Result.UNCHANGED);
        }
        long version = previous.map(s -> s.version() + 1).orElse(outlet.firstVersion());
        CachedSnapshot cached = store.put(candidate.withVersion(version));
        log.info(
                "Refreshed {} v{} ({}): {} of {} served, source {}, providers {}",
                feed.name(),
                version,
                run.purpose,
                run.served.size(),
                feed.symbols().size(),
                candidate.source(),
                run.outcomes.keySet());
        record(run.report(started, took, version, RefreshReport.Result.NEW_VERSION));
        return Optional.of(cached);
    }

    /** Records the report and returns what the feed serves now. */
    private Optional<CachedSnapshot> done(
            RefreshRun run, Instant started, Duration took, long version, RefreshReport.Result result) {
        record(run.report(started, took, version, result));
        return outlet.store().peek(run.feed.name());
    }

    private void record(RefreshReport report) {
        refreshes.record(report, clock.instant());
        meters.counter(
                        "quotegate.refreshes",
                        "feed",
                        report.feed(),
                        "result",
                        report.result().label())
                .increment();
    }

    /**
     * How long this refresh may wait and retry. A slot stops at the next slot of this feed or of any
     * feed sharing a provider with it (a late slot never runs into another feed's slot). A warm-up, whose
     * feed has nothing to serve yet, may take at least {@link #WARM_UP_PATIENCE} (model time): the ledger
     * still enforces every limit, and a slot firing meanwhile joins the warm-up in flight.
     */
    private Instant deadline(Feed feed, Instant now, Purpose purpose) {
        Set<String> mine = Set.copyOf(feed.chain());
        Instant nextSlot = feeds.all().stream()
                .filter(f -> f.name().equals(feed.name()) || f.chain().stream().anyMatch(mine::contains))
                .map(f -> timing.schedule().next(f.slots(), now))
                .min(Instant::compareTo)
                .orElseThrow();
        if (purpose != Purpose.WARM_UP) {
            return nextSlot;
        }
        Instant patient = now.plus(timing.scale().toReal(WARM_UP_PATIENCE));
        return patient.isAfter(nextSlot) ? patient : nextSlot;
    }
}
