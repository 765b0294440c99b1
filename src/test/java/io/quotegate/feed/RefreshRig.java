package io.quotegate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.budget.Budget;
import io.quotegate.budget.CostModel;
import io.quotegate.budget.LedgerStore;
import io.quotegate.budget.MemoryLedger;
import io.quotegate.budget.Thresholds;
import io.quotegate.cache.CacheReads;
import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.CaffeineSnapshotStore;
import io.quotegate.cache.StaleRule;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderCircuits;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.stream.Broadcaster;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real refresh core without Spring: ledger, circuits, Caffeine store, broadcaster, BatchCall and
 * Refresher, on a virtual scheduler and a clock that follows it. Minutes mode, UTC; feeds refresh at
 * minutes 0 and 30, and the clock starts at {@link #START}, a slot.
 */
final class RefreshRig {

    /** A Monday, on a slot (10:00 UTC). */
    static final Instant START = Instant.parse("2030-01-07T10:00:00Z");

    final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    final VirtualClock clock = new VirtualClock(START, scheduler);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final FeedCatalog feeds;
    final MemoryLedger ledger;
    final ProviderCircuits circuits;
    final CaffeineSnapshotStore store;
    final Broadcaster broadcaster;
    final Quarantine quarantine;
    final RefreshLog log = new RefreshLog();
    final Refresher refresher;

    private final Map<String, FakeAdapter> fakes = new LinkedHashMap<>();

    private RefreshRig(
            List<Feed> feedList,
            Map<String, Budget> budgets,
            Map<String, Integer> maxBatch,
            Duration openFor,
            StaleRule staleRule) {
        TimeScale scale = TimeScale.of(SlotUnit.MINUTES);
        budgets.keySet().forEach(p -> fakes.put(p, new FakeAdapter(p, clock)));
        Map<String, ProviderAdapter> adapters = new LinkedHashMap<>(fakes);
        this.feeds = new FeedCatalog(feedList);
        this.ledger = new MemoryLedger(budgets, Map.of(), Thresholds.defaults(), clock, scale, LedgerStore.NONE);
        this.circuits = new ProviderCircuits(adapters.keySet(), openFor, clock, meters);
        this.store = new CaffeineSnapshotStore(
                feedList.stream().collect(Collectors.toMap(Feed::name, Feed::ttl)),
                clock,
                JsonMapper.builder().build(),
                new CacheReads(meters),
                staleRule);
        this.broadcaster = new Broadcaster(feeds.names(), store, Duration.ofSeconds(15), scheduler, meters);
        BatchCall calls = new BatchCall(ledger, circuits, meters, clock, scale, scheduler);
        this.quarantine = new Quarantine(clock, scale);
        this.refresher = new Refresher(
                        feeds,
                        new Refresher.Upstream(
                                new ProviderRegistry(adapters, Map.of()), budgets, maxBatch, ledger, calls, quarantine),
                        new Refresher.Outlet(store, 1),
                        log,
                        new Refresher.Timing(
                                new SlotSchedule(SlotUnit.MINUTES, ZoneOffset.UTC), scale, clock, scheduler),
                        meters)
                .withStaleRule(staleRule);
    }

    static Builder builder() {
        return new Builder();
    }

    /** A feed refreshing at minutes 0 and 30 with a 30 minute TTL. */
    static Feed feed(String name, Priority priority, List<String> symbols, String... chain) {
        return new Feed(name, symbols, List.of(0, 30), Duration.ofMinutes(30), List.of(chain), priority);
    }

    /** A budget; a null limit is not set. */
    static Budget budget(String provider, String cost, Integer perMinute, Integer perDay, Integer perMonth) {
        Map<Window, Integer> limits = new EnumMap<>(Window.class);
        if (perMinute != null) {
            limits.put(Window.MINUTE, perMinute);
        }
        if (perDay != null) {
            limits.put(Window.DAY, perDay);
        }
        if (perMonth != null) {
            limits.put(Window.MONTH, perMonth);
        }
        return new Budget(provider, CostModel.parse(cost), limits);
    }

    /** The scripted adapter of a provider. */
    FakeAdapter adapter(String provider) {
        return fakes.get(provider);
    }

    /** Subscribes to a refresh (it runs as far as it can without time passing) and returns its handle. */
    Pending start(String feed, Purpose purpose) {
        Pending p = new Pending();
        refresher.refresh(feed, purpose).subscribe(p.result::set);
        return p;
    }

    Pending start(String feed) {
        return start(feed, Purpose.SLOT);
    }

    /** A refresh that must finish without any time passing (no backoff, no budget wait). */
    Optional<CachedSnapshot> refreshNow(String feed) {
        return refreshNow(feed, Purpose.SLOT);
    }

    Optional<CachedSnapshot> refreshNow(String feed, Purpose purpose) {
        AtomicReference<Optional<CachedSnapshot>> out = new AtomicReference<>();
        refresher.refresh(feed, purpose).subscribe(out::set);
        assertThat(out.get())
                .as("refresh of %s finished without time passing", feed)
                .isNotNull();
        return out.get();
    }

    RefreshReport report(String feed) {
        return log.lastReport(feed).orElseThrow(() -> new AssertionError("no refresh report for " + feed));
    }

    RefreshReport.ProviderOutcome outcome(String feed, String provider) {
        RefreshReport.ProviderOutcome o = report(feed).providers().get(provider);
        assertThat(o)
                .as("report of %s has an outcome for %s: %s", feed, provider, report(feed))
                .isNotNull();
        return o;
    }

    long used(String provider, Window window) {
        return ledger.usage(provider).used(window);
    }

    double requests(String provider, String outcome) {
        Counter c = meters.find("quotegate.upstream.requests")
                .tag("provider", provider)
                .tag("outcome", outcome)
                .counter();
        return c == null ? 0 : c.count();
    }

    double allRequests(String provider) {
        return meters.find("quotegate.upstream.requests").tag("provider", provider).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    double skipped(String provider, String reason) {
        Counter c = meters.find("quotegate.upstream.skipped")
                .tag("provider", provider)
                .tag("reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    /** One subscribed refresh: what it emitted, once it has. */
    static final class Pending {
        private final AtomicReference<Optional<CachedSnapshot>> result = new AtomicReference<>();

        boolean done() {
            return result.get() != null;
        }

        Optional<CachedSnapshot> result() {
            assertThat(result.get()).as("the refresh has finished").isNotNull();
            return result.get();
        }
    }

    static final class Builder {
        private final List<Feed> feeds = new ArrayList<>();
        private final Map<String, Budget> budgets = new LinkedHashMap<>();
        private final Map<String, Integer> maxBatch = new LinkedHashMap<>();
        private Duration openFor = Duration.ofMinutes(1);
        private StaleRule staleRule = StaleRule.NONE;

        Builder feed(Feed feed) {
            feeds.add(feed);
            return this;
        }

        Builder provider(Budget budget, int maxBatchSize) {
            budgets.put(budget.provider(), budget);
            maxBatch.put(budget.provider(), maxBatchSize);
            return this;
        }

        Builder provider(Budget budget) {
            return provider(budget, 100);
        }

        Builder openFor(Duration d) {
            this.openFor = d;
            return this;
        }

        /** When quotes turn stale by their own date, for the refresher and the store alike. */
        Builder staleRule(StaleRule rule) {
            this.staleRule = rule;
            return this;
        }

        /** Builds the rig with one {@link FakeAdapter} per provider, serving everything until scripted otherwise. */
        RefreshRig build() {
            return new RefreshRig(feeds, budgets, maxBatch, openFor, staleRule);
        }
    }
}
