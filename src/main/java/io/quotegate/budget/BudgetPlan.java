package io.quotegate.budget;

import io.quotegate.market.Markets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fitted plan per provider: for every feed, which slots spend (markets closed since the last
 * refresh spend nothing, end-of-day sources once per publication, stretched feeds every n-th slot) x
 * batches x cost, on the provider expected to serve it. It is computed by replaying the next 31 UTC days
 * (model time) with the same rules the refresher follows, so "trading day" is the busiest day of that
 * window and "closed day" the quietest; the month is the 31 days' sum, the worst case of a month window.
 * Each symbol is planned on the first enabled provider of its feed's chain that serves it ({@link Chains}).
 * Fallbacks and retries are not planned: they only happen when faults cause them (invariant 2); each provider
 * shows, apart from its totals, the chains it is a fallback of and what they would cost it ({@code standby}).
 *
 * <p>Fitting: while a provider's busiest day (or month) is over {@code target} of its limit, the normal
 * feed spending most on it is stretched to every 2nd, 3rd ... slot (its slot minutes stay, so the stagger
 * holds); critical feeds keep their slots. The plan then says why each feed was stretched.
 *
 * <p>Besides day and month totals, the plan checks the stagger: feeds sharing a provider whose
 * slots fall in the same minute must fit its per-minute limit together (invariant 3).
 */
public record BudgetPlan(List<ProviderPlan> providers, double target, Instant from) {

    public static final int DAYS_PER_MONTH = PlanSimulation.DAYS;

    /**
     * @param every           refresh on every n-th configured slot (1: all)
     * @param slotsPerDay     slots that spend on a trading day (the busiest day of the window)
     * @param slotsClosedDay  slots that spend on a closed day (the quietest)
     * @param creditsPerSlot  a full refresh of every symbol
     * @param creditsPerDay   on a trading day
     * @param creditsClosedDay on a closed day
     * @param why             why the feed spends less than every slot x full cost, empty when it does not
     */
    public record FeedPlan(
            String feed,
            String priority,
            int symbols,
            int configuredSlotsPerDay,
            int every,
            int slotsPerDay,
            int slotsClosedDay,
            int batchesPerSlot,
            int creditsPerSlot,
            long creditsPerDay,
            long creditsClosedDay,
            long creditsPerMonth,
            int minutesPerSlot,
            String why) {}

    /**
     * @param creditsByDay the planned credits of each UTC day of the window, from {@link #from}
     * @param standby      the feeds this provider is a fallback for, each as it would cost if the providers before it
     *                     in the chain failed the whole day (not in the totals: fallbacks are not planned); its
     *                     {@code why} says how the provider would fare with its own feeds besides
     */
    public record ProviderPlan(
            String provider,
            String cost,
            List<FeedPlan> feeds,
            long creditsPerDay,
            long creditsClosedDay,
            long creditsPerMonth,
            Map<String, Integer> limits,
            Map<String, Double> usedFraction,
            PlanVerdict status,
            List<PlanProblem> problems,
            List<Long> creditsByDay,
            List<FeedPlan> standby) {

        public ProviderPlan {
            standby = List.copyOf(standby);
        }

        public boolean overcommitted() {
            return status == PlanVerdict.OVER_LIMIT;
        }

        ProviderPlan withStandby(List<FeedPlan> plans) {
            return new ProviderPlan(
                    provider,
                    cost,
                    feeds,
                    creditsPerDay,
                    creditsClosedDay,
                    creditsPerMonth,
                    limits,
                    usedFraction,
                    status,
                    problems,
                    creditsByDay,
                    plans);
        }
    }

    /** The configured plan with every market open and no fitting (the arithmetic of slots x cost). */
    public static BudgetPlan compute(List<Demand> demands, Map<String, Budget> budgets, double target) {
        return compute(demands, budgets, target, 1.0);
    }

    public static BudgetPlan compute(
            List<Demand> demands, Map<String, Budget> budgets, double target, double degradeAt) {
        return fit(
                demands,
                budgets,
                target,
                degradeAt,
                Markets.alwaysOpenEverywhere(),
                Instant.parse("2030-01-01T00:00:00Z"),
                false);
    }

    /** The fitted plan: markets from {@code markets}, the window from {@code modelNow}, normal feeds stretched to the target. */
    public static BudgetPlan fit(
            List<Demand> demands,
            Map<String, Budget> budgets,
            double target,
            double degradeAt,
            Markets markets,
            Instant modelNow) {
        return fit(demands, budgets, target, degradeAt, markets, modelNow, true);
    }

    /** As above; {@code fitting = false} keeps every feed on all its slots (markets still count). */
    public static BudgetPlan fit(
            List<Demand> demands,
            Map<String, Budget> budgets,
            double target,
            double degradeAt,
            Markets markets,
            Instant modelNow,
            boolean fitting) {
        return fit(demands, List.of(), budgets, target, degradeAt, markets, modelNow, fitting);
    }

    /**
     * As above, with the chains' fallbacks: each {@code standby} demand is what a later provider of a chain would
     * serve if the ones before it failed. They are planned alone, on every slot, and shown apart from the totals.
     */
    public static BudgetPlan fit(
            List<Demand> demands,
            List<Demand> standby,
            Map<String, Budget> budgets,
            double target,
            double degradeAt,
            Markets markets,
            Instant modelNow,
            boolean fitting) {
        PlanSimulation sim = new PlanSimulation(markets, modelNow);
        Map<String, List<Demand>> byProvider = new LinkedHashMap<>();
        demands.forEach(d ->
                byProvider.computeIfAbsent(d.provider(), p -> new ArrayList<>()).add(d));
        List<ProviderPlan> plans = new ArrayList<>();
        byProvider.forEach((provider, ds) -> {
            Budget budget = budgets.get(provider);
            if (budget != null) {
                plans.add(ProviderFit.plan(provider, ds, budget, target, degradeAt, sim, markets, fitting));
            }
        });
        Map<String, List<FeedPlan>> fallbacks = new LinkedHashMap<>();
        for (Demand d : standby) {
            Budget budget = budgets.get(d.provider());
            if (budget == null) {
                continue;
            }
            FeedPlan alone = ProviderFit.plan(d.provider(), List.of(d), budget, target, degradeAt, sim, markets, false)
                    .feeds()
                    .get(0);
            List<Demand> together = new ArrayList<>(byProvider.getOrDefault(d.provider(), List.of()));
            together.add(d);
            PlanVerdict withOwn = ProviderFit.plan(
                            d.provider(), together, budget, target, degradeAt, sim, markets, false)
                    .status();
            fallbacks.computeIfAbsent(d.provider(), p -> new ArrayList<>()).add(ProviderFit.standby(alone, withOwn));
        }
        List<ProviderPlan> all = new ArrayList<>();
        for (ProviderPlan p : plans) {
            all.add(p.withStandby(fallbacks.getOrDefault(p.provider(), List.of())));
            fallbacks.remove(p.provider());
        }
        fallbacks.forEach((provider, list) ->
                all.add(ProviderFit.idle(provider, java.util.Objects.requireNonNull(budgets.get(provider)), sim)
                        .withStandby(list)));
        return new BudgetPlan(List.copyOf(all), target, sim.start());
    }

    public List<ProviderPlan> overLimit() {
        return providers.stream().filter(ProviderPlan::overcommitted).toList();
    }

    /** True when every provider is at or under its limits and the target. */
    public boolean fits() {
        return providers.stream().allMatch(p -> p.status() == PlanVerdict.OK);
    }

    /** Every n-th slot per feed, as fitted. */
    public Map<String, Integer> every() {
        // A feed planned on two providers of its chain keeps the larger stretch of the two: the slots it then
        // skips never spend more than either part planned.
        Map<String, Integer> out = new HashMap<>();
        providers.forEach(p -> p.feeds().forEach(f -> out.merge(f.feed(), f.every(), Math::max)));
        return out;
    }

    /** The plan as a text table for the start-up log and the {@code plan} command. */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format(
                "%-12s %-12s %-8s %7s %6s %10s %10s %9s %11s %11s %11s%n",
                "provider",
                "feed",
                "priority",
                "symbols",
                "every",
                "slots/day",
                "closed day",
                "cost/slot",
                "credits/day",
                "closed day",
                "credits/31d"));
        for (ProviderPlan p : providers) {
            for (FeedPlan f : p.feeds()) {
                sb.append(String.format(
                        "%-12s %-12s %-8s %7d %6s %10s %10d %9d %11d %11d %11d%n",
                        p.provider(),
                        f.feed(),
                        f.priority(),
                        f.symbols(),
                        f.every() == 1 ? "1" : ProviderFit.ordinal(f.every()),
                        f.slotsPerDay() + "/" + f.configuredSlotsPerDay(),
                        f.slotsClosedDay(),
                        f.creditsPerSlot(),
                        f.creditsPerDay(),
                        f.creditsClosedDay(),
                        f.creditsPerMonth()));
                if (!f.why().isEmpty()) {
                    sb.append(String.format("%-12s %-12s   %s%n", "", "", f.why()));
                }
            }
            for (FeedPlan f : p.standby()) {
                sb.append(String.format(
                        "%-12s %-12s %-8s %7d %6s %10s %10d %9d %11d %11d %11d%n",
                        p.provider(),
                        f.feed() + " (fb)",
                        f.priority(),
                        f.symbols(),
                        "1",
                        f.slotsPerDay() + "/" + f.configuredSlotsPerDay(),
                        f.slotsClosedDay(),
                        f.creditsPerSlot(),
                        f.creditsPerDay(),
                        f.creditsClosedDay(),
                        f.creditsPerMonth()));
                sb.append(String.format("%-12s %-12s   %s%n", "", "", f.why()));
            }
            sb.append(String.format(
                    "%-12s %-12s %-54s %11d %11d %11d   limits %s used %s target %s: %s%n",
                    p.provider(),
                    "= total",
                    "",
                    p.creditsPerDay(),
                    p.creditsClosedDay(),
                    p.creditsPerMonth(),
                    p.limits(),
                    p.usedFraction(),
                    ProviderFit.percent(target),
                    p.status()));
        }
        return sb.toString();
    }
}
