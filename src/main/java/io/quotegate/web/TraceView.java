package io.quotegate.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quotegate.budget.BudgetPlan;
import io.quotegate.budget.DecisionRecord;
import io.quotegate.budget.Ledger;
import io.quotegate.budget.Usage;
import io.quotegate.cache.CacheReads;
import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.SnapshotStore;
import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.Quarantine;
import io.quotegate.feed.RefreshLog;
import io.quotegate.feed.RefreshReport;
import io.quotegate.feed.SpareRefresh;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.Snapshot;
import io.quotegate.provider.ProviderCircuits;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.stream.Broadcaster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Assembles /trace and /budget from the features' own state. The answers are records, so each JSON
 * object lists its keys in the order declared here; maps keep the order of the feeds and providers.
 */
@Component
class TraceView {

    /** The last decisions /trace shows. */
    static final int DECISIONS = 50;

    private final FeedCatalog feeds;
    private final SnapshotStore store;
    private final CacheReads reads;
    private final RefreshLog refreshes;
    private final Quarantine quarantine;
    private final ProviderRegistry providers;
    private final ProviderCircuits circuits;
    private final Ledger ledger;
    private final BudgetPlan plan;
    private final SpareRefresh spare;
    private final Broadcaster broadcaster;
    private final SlotSchedule schedule;
    private final Clock clock;

    TraceView(
            FeedCatalog feeds,
            SnapshotStore store,
            CacheReads reads,
            RefreshLog refreshes,
            Quarantine quarantine,
            ProviderRegistry providers,
            ProviderCircuits circuits,
            Ledger ledger,
            BudgetPlan plan,
            SpareRefresh spare,
            Broadcaster broadcaster,
            SlotSchedule schedule,
            Clock clock) {
        this.feeds = feeds;
        this.store = store;
        this.reads = reads;
        this.refreshes = refreshes;
        this.quarantine = quarantine;
        this.providers = providers;
        this.circuits = circuits;
        this.ledger = ledger;
        this.plan = plan;
        this.spare = spare;
        this.broadcaster = broadcaster;
        this.schedule = schedule;
        this.clock = clock;
    }

    /** {@code GET /trace}. */
    record Trace(
            Instant now,
            ScheduleTrace schedule,
            Map<String, FeedTrace> feeds,
            Map<String, ProviderTrace> providers,
            BudgetPlan plan,
            List<DecisionRecord> decisions) {}

    record ScheduleTrace(String unit, String zone) {}

    /** One feed; before its first snapshot only {@code version} 0 and its configuration. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record FeedTrace(
            long version,
            @Nullable Instant asOf,
            @Nullable Long ageSeconds,
            @Nullable Boolean stale,
            @Nullable Map<String, String> staleQuotes,
            @Nullable String source,
            Instant nextSlot,
            List<Integer> slots,
            long ttlSeconds,
            List<String> chain,
            String priority,
            CacheTrace cache,
            int subscribers,
            @Nullable RefreshTrace lastRefresh) {}

    /** Client reads of the feed; {@code hitRate} is fresh reads over all reads, to four decimals. */
    record CacheTrace(long hit, long stale, long miss, double hitRate) {}

    /** The feed's last refresh (see {@link RefreshReport}); {@code result}: new version, unchanged, stands... */
    record RefreshTrace(
            String feed,
            String purpose,
            Instant at,
            Duration took,
            long version,
            String result,
            int served,
            List<String> missing,
            Map<String, ProviderRefreshTrace> providers) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ProviderRefreshTrace(
            String outcome, int served, int batches, int tries, String message, List<String> outdated) {}

    /**
     * One provider; {@code disabledReason} and {@code lastError} only when there is one. {@code errors}: its
     * last few errors, oldest first; {@code outdated}: how many of its answers per symbol were older than
     * the quote held.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProviderTrace(
            boolean enabled,
            @Nullable String disabledReason,
            String state,
            String circuit,
            Map<String, WindowTrace> budget,
            @Nullable ErrorTrace lastError,
            List<ErrorTrace> errors,
            Map<String, Long> outdated,
            Map<String, QuarantineTrace> quarantined) {}

    /** {@code status}: the HTTP status of the answer, absent when none came. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ErrorTrace(
            Instant at,
            String feed,
            String outcome,
            @Nullable Integer status,
            String message) {}

    record QuarantineTrace(String reason, Instant retryAfter, int strikes) {}

    /** One budget window with a limit or some use. */
    record WindowTrace(long used, int limit, Instant start, Instant end, Map<String, Long> byFeed) {}

    /** {@code GET /budget}; {@code spare}: the spare refreshes of critical feeds and what they decided. */
    record BudgetTrace(
            double target,
            List<BudgetPlan.ProviderPlan> providers,
            Map<String, Map<String, WindowTrace>> usage,
            SpareRefresh.View spare) {}

    Trace trace() {
        Instant now = clock.instant();
        List<DecisionRecord> decisions = ledger.recentDecisions();
        return new Trace(
                now,
                new ScheduleTrace(
                        schedule.unit().name().toLowerCase(Locale.ROOT),
                        schedule.zone().getID()),
                feedTraces(now),
                byName(providerNames(), this::provider),
                plan,
                List.copyOf(decisions.subList(Math.max(0, decisions.size() - DECISIONS), decisions.size())));
    }

    BudgetTrace budget() {
        return new BudgetTrace(
                plan.target(), plan.providers(), byName(providerNames(), p -> windows(ledger.usage(p))), spare.view());
    }

    private Map<String, FeedTrace> feedTraces(Instant now) {
        Map<String, FeedTrace> out = new LinkedHashMap<>();
        feeds.all().forEach(f -> out.put(f.name(), feed(f, now)));
        return out;
    }

    private FeedTrace feed(Feed f, Instant now) {
        @Nullable Instant asOf = null;
        @Nullable Long ageSeconds = null;
        @Nullable Boolean stale = null;
        @Nullable Map<String, String> staleQuotes = null;
        @Nullable String source = null;
        long version = 0;
        // As a reader gets it (not counted as a read): quotes past their own age or the TTL marked stale, so
        // /trace says "stale" exactly when the feed's own JSON does, and why for each stale quote.
        @Nullable CachedSnapshot read = store.peek(f.name()).orElse(null);
        if (read != null) {
            Snapshot s = read.snapshot();
            version = s.version();
            asOf = s.asOf();
            ageSeconds = Duration.between(s.asOf(), now).toSeconds();
            stale = s.stale();
            staleQuotes = read.staleReasons().isEmpty() ? null : staleReasons(s, read.staleReasons());
            source = s.source();
        }
        return new FeedTrace(
                version,
                asOf,
                ageSeconds,
                stale,
                staleQuotes,
                source,
                schedule.next(f.slots(), now),
                f.slots(),
                f.ttl().toSeconds(),
                f.chain(),
                f.priority().label(),
                cache(f.name()),
                broadcaster.subscribers(f.name()),
                refreshes.lastReport(f.name()).map(TraceView::refresh).orElse(null));
    }

    private ProviderTrace provider(String p) {
        Usage usage = ledger.usage(p);
        Map<String, QuarantineTrace> held = new LinkedHashMap<>();
        quarantine
                .of(p)
                .forEach((symbol, e) -> held.put(symbol, new QuarantineTrace(e.reason(), e.until(), e.strikes())));
        return new ProviderTrace(
                providers.isEnabled(p),
                providers.disabledReason(p).orElse(null),
                usage.state().label(),
                circuits.state(p),
                windows(usage),
                refreshes.lastError(p).map(TraceView::error).orElse(null),
                refreshes.errors(p).stream().map(TraceView::error).toList(),
                refreshes.outdated(p),
                held);
    }

    private static RefreshTrace refresh(RefreshReport r) {
        Map<String, ProviderRefreshTrace> byProvider = new LinkedHashMap<>();
        r.providers()
                .forEach((p, o) -> byProvider.put(
                        p,
                        new ProviderRefreshTrace(
                                o.outcome().label(), o.served(), o.batches(), o.tries(), o.message(), o.outdated())));
        return new RefreshTrace(
                r.feed(),
                r.purpose().label(),
                r.at(),
                r.took(),
                r.version(),
                r.result().label(),
                r.served(),
                r.missing(),
                byProvider);
    }

    private static ErrorTrace error(RefreshLog.LastError e) {
        return new ErrorTrace(e.at(), e.feed(), e.outcome().label(), e.status() > 0 ? e.status() : null, e.message());
    }

    /** Why each stale quote is stale ({@code age}, {@code ttl}, {@code no provider}), in feed order. */
    private static Map<String, String> staleReasons(Snapshot s, Map<String, String> reasons) {
        Map<String, String> out = new LinkedHashMap<>();
        s.data().forEach(q -> {
            String why = reasons.get(q.symbol());
            if (q.stale() && why != null) {
                out.put(q.symbol(), why);
            }
        });
        return out;
    }

    private static Map<String, WindowTrace> windows(Usage usage) {
        Map<String, WindowTrace> w = new LinkedHashMap<>();
        usage.windows().forEach((window, u) -> {
            if (u.limit() > 0 || u.used() > 0) {
                w.put(window.label(), new WindowTrace(u.used(), u.limit(), u.start(), u.end(), u.byFeed()));
            }
        });
        return w;
    }

    private CacheTrace cache(String feed) {
        CacheReads.Counts c = reads.of(feed);
        return new CacheTrace(c.hit(), c.stale(), c.miss(), Math.round(c.hitRate() * 10000) / 10000.0);
    }

    /** The providers of the plan, then any other provider a feed names, each once. */
    private List<String> providerNames() {
        Set<String> names = new LinkedHashSet<>();
        plan.providers().forEach(p -> names.add(p.provider()));
        feeds.all().forEach(f -> names.addAll(f.chain()));
        return List.copyOf(names);
    }

    private static <V> Map<String, V> byName(List<String> names, Function<String, V> value) {
        Map<String, V> out = new LinkedHashMap<>();
        names.forEach(n -> out.put(n, value.apply(n)));
        return out;
    }
}
