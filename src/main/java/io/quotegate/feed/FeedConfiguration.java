package io.quotegate.feed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.budget.BudgetPlan;
import io.quotegate.budget.Budgets;
import io.quotegate.budget.Ledger;
import io.quotegate.budget.Pacing;
import io.quotegate.cache.SnapshotStore;
import io.quotegate.cluster.ClusterLock;
import io.quotegate.config.QuotegateProperties;
import io.quotegate.market.MarketGate;
import io.quotegate.market.Markets;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.TimeScale;
import io.quotegate.provider.ProviderCircuits;
import io.quotegate.provider.ProviderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;

@Configuration(proxyBeanMethods = false)
class FeedConfiguration {

    /** The feeds; TTLs are divided by the time scale so they keep their meaning in seconds mode. */
    @Bean
    FeedCatalog feedCatalog(QuotegateProperties properties, TimeScale scale) {
        List<Feed> feeds = properties.feeds().entrySet().stream()
                .map(e -> {
                    var f = e.getValue();
                    return new Feed(
                            e.getKey(), f.symbols(), f.slots(), scale.toReal(f.ttl()), f.providers(), f.priority());
                })
                .toList();
        return new FeedCatalog(feeds);
    }

    /** When a quote is too old by its own date (README, "Data integrity"); the stores apply the same rule. */
    @Bean
    Freshness freshness(
            FeedCatalog feeds,
            ProviderRegistry providers,
            BudgetPlan plan,
            QuotegateProperties properties,
            Markets markets,
            TimeScale scale) {
        java.util.Map<String, Duration> maxAge = new java.util.HashMap<>();
        java.util.Map<String, Duration> delays = new java.util.HashMap<>();
        properties.providers().forEach((name, p) -> {
            if (p.maxAge() != null) {
                maxAge.put(name, p.maxAge());
            }
            delays.put(name, providers.adapter(name).map(a -> a.delay()).orElse(Duration.ZERO));
        });
        return new Freshness(feeds, plan.every(), maxAge, delays, markets, scale);
    }

    @Bean
    RefreshLog refreshLog() {
        return new RefreshLog();
    }

    @Bean
    Quarantine quarantine(TimeScale scale, Clock clock) {
        return new Quarantine(clock, scale);
    }

    @Bean
    Refresher refresher(
            FeedCatalog feeds,
            ProviderRegistry providers,
            Budgets budgets,
            Ledger ledger,
            ProviderCircuits circuits,
            Quarantine quarantine,
            SnapshotStore store,
            RefreshLog refreshLog,
            SlotSchedule schedule,
            TimeScale scale,
            Clock clock,
            Scheduler quotegateScheduler,
            MeterRegistry meters,
            Markets markets,
            BudgetPlan plan,
            io.quotegate.budget.PlanProperties planning,
            Freshness freshness) {
        BatchCall calls = new BatchCall(ledger, circuits, meters, clock, scale, quotegateScheduler);
        calls.registerMetrics(feeds);
        var upstream =
                new Refresher.Upstream(providers, budgets.byProvider(), budgets.maxBatch(), ledger, calls, quarantine);
        var outlet = new Refresher.Outlet(store, clock.instant().getEpochSecond());
        var timing = new Refresher.Timing(schedule, scale, clock, quotegateScheduler);
        Refresher refresher = new Refresher(feeds, upstream, outlet, refreshLog, timing, meters)
                .withMarkets(marketGate(feeds, providers, markets, plan, scale, clock))
                .withPacing(planning.pace() ? pacing(budgets, ledger, plan, scale, clock) : ProviderBatches.Pacing.NONE)
                .withStaleRule(freshness);
        for (Feed feed : feeds.all()) {
            Gauge.builder(
                            "quotegate.snapshot.age.seconds",
                            store,
                            s -> s.latest(feed.name())
                                    .map(snap -> (double) Duration.between(snap.asOf(), clock.instant())
                                                    .toMillis()
                                            / 1000.0)
                                    .orElse(Double.NaN))
                    .description("Seconds since the feed's current snapshot was assembled")
                    .tag("feed", feed.name())
                    .register(meters);
        }
        return refresher;
    }

    /** The market rules per feed: its slots, the provider expected to serve it, and every n-th slot. */
    static MarketGate marketGate(
            FeedCatalog feeds,
            ProviderRegistry providers,
            Markets markets,
            BudgetPlan plan,
            TimeScale scale,
            Clock clock) {
        java.util.Map<String, Integer> every = plan.every();
        java.util.Map<String, MarketGate.FeedRule> rules = new java.util.HashMap<>();
        for (Feed feed : feeds.all()) {
            String primary = feed.chain().stream()
                    .filter(providers::isEnabled)
                    .findFirst()
                    .orElse(null);
            rules.put(
                    feed.name(),
                    new MarketGate.FeedRule(
                            feed.slots(),
                            primary,
                            every.getOrDefault(feed.name(), 1),
                            io.quotegate.budget.Chains.bySymbol(feed.symbols(), feed.chain(), providers)));
        }
        return new MarketGate(markets, rules, scale, clock);
    }

    /**
     * Long windows are paced per provider: a provider ahead of its even pace yields a slot to the next one of
     * the chain ({@link Pacing}). A slot costs what the plan says for the feed on that provider, else what
     * the symbols still missing would cost it.
     */
    static ProviderBatches.Pacing pacing(
            Budgets budgets, Ledger ledger, BudgetPlan plan, TimeScale scale, Clock clock) {
        java.util.Map<String, Integer> slotCost = new java.util.HashMap<>();
        plan.providers()
                .forEach(p -> p.feeds().forEach(f -> slotCost.put(p.provider() + "/" + f.feed(), f.creditsPerSlot())));
        return (feed, provider, symbols) -> {
            io.quotegate.budget.Budget budget = budgets.byProvider().get(provider);
            if (budget == null) {
                return java.util.Optional.empty();
            }
            int cost =
                    slotCost.getOrDefault(provider + "/" + feed, budget.cost().cost(symbols));
            return Pacing.ahead(
                    budget, ledger.usage(provider), cost, scale.model(clock).instant());
        };
    }

    /** Extra refreshes of critical feeds between their slots when the day has credits to spare. */
    @Bean
    SpareRefresh spareRefresh(
            FeedCatalog feeds,
            Refresher refresher,
            Ledger ledger,
            Budgets budgets,
            BudgetPlan plan,
            QuotegateProperties properties,
            TimeScale scale,
            Clock clock,
            MeterRegistry meters) {
        QuotegateProperties.Budget b = properties.budget();
        return new SpareRefresh(
                feeds,
                refresher::refresh,
                ledger,
                budgets.byProvider(),
                plan,
                new SpareRefresh.Settings(b.spare().enabled(), b.spare().after(), b.target()),
                scale,
                clock,
                meters);
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnProperty(
            name = "quotegate.plan-only",
            havingValue = "false",
            matchIfMissing = true)
    WarmUp warmUp(
            FeedCatalog feeds,
            Refresher refresher,
            SnapshotStore store,
            TimeScale scale,
            Scheduler quotegateScheduler,
            ObjectProvider<ClusterLock> lock) {
        return new WarmUp(feeds, refresher, store, scale, quotegateScheduler, lock.getIfAvailable());
    }

    @Bean
    FeedsReadiness feedsHealthIndicator(FeedCatalog feeds, SnapshotStore store, ProviderRegistry providers) {
        return new FeedsReadiness(feeds, store, providers);
    }
}
