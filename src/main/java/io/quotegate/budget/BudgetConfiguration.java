package io.quotegate.budget;

import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.cluster.ClusterLock;
import io.quotegate.cluster.Database;
import io.quotegate.cluster.Heartbeat;
import io.quotegate.cluster.RedisLink;
import io.quotegate.config.InvalidConfigurationException;
import io.quotegate.config.QuotegateProperties;
import io.quotegate.market.Markets;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import io.quotegate.provider.ProviderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import reactor.core.scheduler.Schedulers;

@Configuration(proxyBeanMethods = false)
public class BudgetConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BudgetConfiguration.class);
    /** Set by the {@code plan} command: compute and print the plan, never refuse the start for it. */
    public static final String PLAN_ONLY = "quotegate.plan-only";

    @Bean
    Budgets budgets(QuotegateProperties properties, ProviderRegistry providers, TimeScale scale) {
        Map<String, Budget> byProvider = new LinkedHashMap<>();
        Map<String, Integer> maxBatch = new LinkedHashMap<>();
        properties.providers().forEach((name, p) -> {
            Map<Window, Integer> limits = new EnumMap<>(Window.class);
            if (p.limits().perMinute() != null) {
                limits.put(Window.MINUTE, p.limits().perMinute());
            }
            if (p.limits().perDay() != null) {
                limits.put(Window.DAY, p.limits().perDay());
            }
            if (p.limits().perMonth() != null) {
                limits.put(Window.MONTH, p.limits().perMonth());
            }
            byProvider.put(
                    name, new Budget(name, CostModel.parse(p.cost()), limits, edgeGuard(name, p, providers, scale)));
            maxBatch.put(name, p.maxBatchOrDefault());
        });
        QuotegateProperties.Budget b = properties.budget();
        return new Budgets(
                byProvider, maxBatch, new Thresholds(b.target(), b.warnAt(), b.degradeAt(), b.criticalOnlyAt()));
    }

    private static Demand demand(
            String feed, QuotegateProperties.Feed f, String provider, List<String> symbols, Budgets budgets) {
        return new Demand(
                feed,
                provider,
                symbols,
                f.slots(),
                budgets.maxBatch().getOrDefault(provider, QuotegateProperties.Provider.DEFAULT_MAX_BATCH),
                f.priority());
    }

    /**
     * {@code quotegate.providers.<p>.edge-guard}, or its default: {@link Budget#DEFAULT_EDGE_GUARD} for a provider over
     * the network, none for one in this process. It must be shorter than a minute window in real time (one real
     * second in seconds mode), since a spend counts in its window and the next one, never further.
     */
    static Duration edgeGuard(
            String name, QuotegateProperties.Provider p, ProviderRegistry providers, TimeScale scale) {
        String key = "quotegate.providers." + name + ".edge-guard";
        Duration guard = p.edgeGuard();
        if (guard == null) {
            guard = providers.inProcess().contains(name) ? Duration.ZERO : Budget.DEFAULT_EDGE_GUARD;
        }
        Duration minute = scale.toReal(Duration.ofMinutes(1));
        if (guard.isNegative() || guard.compareTo(minute) >= 0) {
            throw new InvalidConfigurationException(
                    key,
                    "must be at least 0 and shorter than a minute window in real time (" + minute + " here), got "
                            + guard);
        }
        return guard;
    }

    /** The plan of the enabled providers; refuses to start when it exceeds a limit, unless overcommit is allowed. */
    @Bean
    BudgetPlan budgetPlan(
            QuotegateProperties properties,
            Budgets budgets,
            ProviderRegistry providers,
            Markets markets,
            Clock clock,
            TimeScale scale,
            Environment env,
            PlanProperties planning) {
        List<Demand> demands = new ArrayList<>();
        // Each provider of a chain is planned for the symbols it is expected to serve (Chains): usually the first
        // enabled one serves them all. The others are the chain's fallbacks, shown with what they would cost.
        List<Demand> standby = new ArrayList<>();
        properties.feeds().forEach((feed, f) -> {
            Chains.assign(f.symbols(), f.providers(), providers)
                    .forEach((p, symbols) -> demands.add(demand(feed, f, p, symbols, budgets)));
            Chains.fallbacks(f.symbols(), f.providers(), providers)
                    .forEach((p, symbols) -> standby.add(demand(feed, f, p, symbols, budgets)));
        });
        properties.feeds().forEach((feed, f) -> {
            if (f.providers().stream().noneMatch(providers::isEnabled)) {
                log.error(
                        "Feed {} has no enabled provider (quotegate.feeds.{}.providers = {}: {}). It will answer 503 until one"
                                + " is enabled, and readiness does not wait for it.",
                        feed,
                        feed,
                        f.providers(),
                        f.providers().stream()
                                .map(p -> p + " " + providers.disabledReason(p).orElse("disabled"))
                                .toList());
            }
        });
        BudgetPlan plan = BudgetPlan.fit(
                demands,
                standby,
                budgets.byProvider(),
                properties.budget().target(),
                properties.budget().degradeAt(),
                markets,
                scale.model(clock).instant(),
                planning.stretch());
        log.info(
                "Budget plan (credits per model day; trading day = busiest of the next 31, closed day = quietest):\n{}",
                plan.table());
        plan.providers().forEach(p -> p.problems().forEach(problem -> log.warn("Budget plan: {}", problem)));
        if (env.getProperty(PLAN_ONLY, Boolean.class, false)) {
            return plan; // the plan command reports instead of refusing
        }
        if (!plan.overLimit().isEmpty()) {
            String problems = String.join(
                    "; ",
                    plan.overLimit().stream()
                            .flatMap(p -> p.problems().stream()
                                    .filter(problem -> problem.kind() == PlanVerdict.OVER_LIMIT)
                                    .map(PlanProblem::sentence))
                            .toList());
            if (!properties.budget().allowOvercommit()) {
                throw new InvalidConfigurationException(
                        "quotegate.budget.allow-overcommit",
                        "the budget plan exceeds provider limits: "
                                + problems
                                + ". Reduce symbols or slots, or set quotegate.budget.allow-overcommit=true to let the ledger"
                                + " enforce the limits at run time");
            }
            log.warn(
                    "Budget plan exceeds limits ({}); quotegate.budget.allow-overcommit=true, so the ledger enforces them at run time",
                    problems);
        }
        return plan;
    }

    @Bean
    Ledger ledger(
            QuotegateProperties properties,
            Budgets budgets,
            BudgetPlan plan,
            ProviderRegistry providers,
            Clock clock,
            TimeScale scale,
            MeterRegistry meters,
            ObjectProvider<RedisLink> redis,
            ObjectProvider<Heartbeat> heartbeat,
            ObjectProvider<Database> database,
            ObjectProvider<ClusterLock> lock) {
        RedisLink link = redis.getIfAvailable();
        Heartbeat beat = heartbeat.getIfAvailable();
        Database db = database.getIfAvailable();
        ClusterLock locks = lock.getIfAvailable();
        // Distributed mode: one ledger for every replica, in Redis, its counts written behind to PostgreSQL.
        // Embedded: in memory with a local record.
        Ledger ledger = link != null
                ? durably(
                                new RedisLedger(
                                        budgets.byProvider(),
                                        shares(properties, plan),
                                        budgets.thresholds(),
                                        clock,
                                        scale,
                                        link,
                                        beat == null ? () -> 1 : beat::replicas),
                                db,
                                locks,
                                link)
                        .watch(WRITE_BEHIND)
                : new MemoryLedger(
                        budgets.byProvider(),
                        shares(properties, plan),
                        budgets.thresholds(),
                        clock,
                        scale,
                        new FileLedgerStore(
                                properties.dataDir(), properties.schedule().unit()),
                        providers.inProcess(),
                        Schedulers.boundedElastic());
        LedgerMeters.register(meters, budgets.byProvider(), ledger);
        return ledger;
    }

    /** How often each replica reads the shared counts and writes them behind to PostgreSQL. */
    static final Duration WRITE_BEHIND = Duration.ofSeconds(1);

    private static RedisLedger durably(
            RedisLedger ledger, @Nullable Database db, @Nullable ClusterLock lock, RedisLink link) {
        if (db == null || lock == null) {
            return ledger;
        }
        return ledger.durably(
                new DurableLedger(db.dataSource(), link.prefix()),
                new Reseed.Lock() {
                    @Override
                    public boolean tryAcquire(String name, Duration lease) {
                        return lock.tryAcquire(name, lease);
                    }

                    @Override
                    public void release(String name) {
                        lock.release(name);
                    }
                },
                WRITE_BEHIND);
    }

    /** Each feed's share of each provider in its chain: configured, or an equal split of what is left. */
    static Map<String, Shares> shares(QuotegateProperties properties, BudgetPlan plan) {
        Map<String, Map<String, Double>> configured = new HashMap<>();
        Map<String, List<String>> users = new HashMap<>();
        properties
                .feeds()
                .forEach((feed, f) -> f.providers().forEach(p -> {
                    users.computeIfAbsent(p, x -> new ArrayList<>()).add(feed);
                    if (f.share() != null) {
                        configured.computeIfAbsent(p, x -> new HashMap<>()).put(feed, f.share());
                    }
                }));
        Map<String, Shares> out = new HashMap<>();
        users.forEach((provider, feeds) -> {
            Map<String, Double> given = configured.getOrDefault(provider, Map.of());
            double left = Math.max(
                    0,
                    1.0
                            - given.values().stream()
                                    .mapToDouble(Double::doubleValue)
                                    .sum());
            long open = feeds.stream().filter(f -> !given.containsKey(f)).count();
            Map<String, Double> share = new HashMap<>(given);
            feeds.stream().filter(f -> !given.containsKey(f)).forEach(f -> share.put(f, left / open));
            Map<String, Integer> slotCost = new HashMap<>();
            plan.providers().stream()
                    .filter(p -> p.provider().equals(provider))
                    .forEach(p -> p.feeds().forEach(fp -> slotCost.put(fp.feed(), fp.creditsPerSlot())));
            out.put(provider, new Shares(share, slotCost));
        });
        return out;
    }
}
