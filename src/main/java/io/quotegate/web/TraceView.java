package io.quotegate.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.budget.BudgetPlan;
import io.quotegate.budget.Ledger;
import io.quotegate.budget.Usage;
import io.quotegate.cache.SnapshotStore;
import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.Refresher;
import io.quotegate.provider.ProviderCircuits;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.model.SlotSchedule;
import io.quotegate.stream.Broadcaster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Assembles /trace and /budget from the features' own state.
 */
@Component
class TraceView {

    private final FeedCatalog feeds;
    private final SnapshotStore store;
    private final Refresher refresher;
    private final ProviderRegistry providers;
    private final ProviderCircuits circuits;
    private final Ledger ledger;
    private final BudgetPlan plan;
    private final Broadcaster broadcaster;
    private final SlotSchedule schedule;
    private final MeterRegistry meters;
    private final Clock clock;

    TraceView(FeedCatalog feeds, SnapshotStore store, Refresher refresher, ProviderRegistry providers, ProviderCircuits circuits,
              Ledger ledger, BudgetPlan plan, Broadcaster broadcaster, SlotSchedule schedule, MeterRegistry meters, Clock clock) {
        this.feeds = feeds;
        this.store = store;
        this.refresher = refresher;
        this.providers = providers;
        this.circuits = circuits;
        this.ledger = ledger;
        this.plan = plan;
        this.broadcaster = broadcaster;
        this.schedule = schedule;
        this.meters = meters;
        this.clock = clock;
    }

    Map<String, Object> trace() {
        Instant now = clock.instant();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", now);
        out.put("schedule", Map.of("unit", schedule.unit().name().toLowerCase(), "zone", schedule.zone().getID()));
        Map<String, Object> feedMap = new LinkedHashMap<>();
        feeds.all().forEach(f -> feedMap.put(f.name(), feed(f, now)));
        out.put("feeds", feedMap);
        Map<String, Object> providerMap = new LinkedHashMap<>();
        providerNames().forEach(p -> providerMap.put(p, provider(p)));
        out.put("providers", providerMap);
        out.put("plan", plan);
        List<?> decisions = ledger.recentDecisions();
        out.put("decisions", decisions.subList(Math.max(0, decisions.size() - 50), decisions.size()));
        return out;
    }

    Map<String, Object> budget() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", plan.target());
        out.put("providers", plan.providers());
        Map<String, Object> usage = new LinkedHashMap<>();
        providerNames().forEach(p -> usage.put(p, windows(ledger.usage(p))));
        out.put("usage", usage);
        return out;
    }

    private Map<String, Object> feed(Feed f, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        store.latest(f.name()).ifPresentOrElse(s -> {
            m.put("version", s.version());
            m.put("asOf", s.asOf());
            m.put("ageSeconds", Duration.between(s.asOf(), now).toSeconds());
            m.put("stale", s.stale() || Duration.between(s.asOf(), now).compareTo(f.ttl()) > 0);
            m.put("source", s.source());
        }, () -> m.put("version", 0));
        m.put("nextSlot", schedule.next(f.slots(), now));
        m.put("slots", f.slots());
        m.put("ttlSeconds", f.ttl().toSeconds());
        m.put("chain", f.chain());
        m.put("priority", f.priority().label());
        m.put("cache", cache(f.name()));
        m.put("subscribers", broadcaster.subscribers(f.name()));
        refresher.lastReport(f.name()).ifPresent(r -> m.put("lastRefresh", r));
        return m;
    }

    private Map<String, Object> provider(String p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", providers.isEnabled(p));
        providers.disabledReason(p).ifPresent(r -> m.put("disabledReason", r));
        Usage usage = ledger.usage(p);
        m.put("state", usage.state().label());
        m.put("circuit", circuits.state(p));
        m.put("budget", windows(usage));
        refresher.lastError(p).ifPresent(e -> m.put("lastError", e));
        Map<String, Object> q = new LinkedHashMap<>();
        refresher.quarantine().of(p).forEach((symbol, e) -> q.put(symbol, Map.of("reason", e.reason(), "retryAfter", e.until(),
                "strikes", e.strikes())));
        m.put("quarantined", q);
        return m;
    }

    private Map<String, Object> windows(Usage usage) {
        Map<String, Object> w = new LinkedHashMap<>();
        usage.windows().forEach((window, u) -> {
            if (u.limit() > 0 || u.used() > 0) {
                w.put(window.label(), Map.of("used", u.used(), "limit", u.limit(), "start", u.start(), "end", u.end(),
                        "byFeed", u.byFeed()));
            }
        });
        return w;
    }

    private Map<String, Object> cache(String feed) {
        double hit = count(feed, "hit");
        double stale = count(feed, "stale");
        double miss = count(feed, "miss");
        double total = hit + stale + miss;
        return Map.of("hit", (long) hit, "stale", (long) stale, "miss", (long) miss,
                "hitRate", total == 0 ? 0.0 : Math.round(hit / total * 10000) / 10000.0);
    }

    private double count(String feed, String result) {
        Counter c = meters.find("quotegate.cache.reads").tag("feed", feed).tag("result", result).counter();
        return c == null ? 0 : c.count();
    }

    private List<String> providerNames() {
        return plan.providers().stream().map(BudgetPlan.ProviderPlan::provider)
                .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toCollection(
                        java.util.LinkedHashSet::new), set -> {
                    feeds.all().forEach(f -> set.addAll(f.chain()));
                    return List.copyOf(set);
                }));
    }
}
