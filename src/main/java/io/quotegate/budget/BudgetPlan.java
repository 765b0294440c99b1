package io.quotegate.budget;

import io.quotegate.model.Window;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The projected spend per provider: for every feed, slots per day x batches per slot x cost, on
 * the provider expected to serve it. Fallbacks and retries are not planned: they only happen when
 * faults cause them (invariant 2). A month is counted as 31 days, the worst case.
 *
 * <p>Besides day and month totals, the plan checks the stagger: feeds sharing a provider whose
 * slots fall in the same minute must fit its per-minute limit together (invariant 3).
 */
public record BudgetPlan(List<ProviderPlan> providers, double target) {

    public static final int DAYS_PER_MONTH = 31;

    public record FeedPlan(String feed, int symbols, int slotsPerDay, int batchesPerSlot, int creditsPerSlot,
                           long creditsPerDay, int minutesPerSlot) {}

    public record ProviderPlan(String provider, String cost, List<FeedPlan> feeds, long creditsPerDay,
                               long creditsPerMonth, Map<String, Integer> limits, Map<String, Double> usedFraction,
                               String status, List<String> problems) {

        public boolean overcommitted() {
            return status.equals("over-limit");
        }
    }

    public static BudgetPlan compute(List<Demand> demands, Map<String, Budget> budgets, double target) {
        return compute(demands, budgets, target, 1.0);
    }

    /** As above; a plan above {@code degradeAt} is flagged, since normal feeds will then skip slots late in the window. */
    public static BudgetPlan compute(List<Demand> demands, Map<String, Budget> budgets, double target, double degradeAt) {
        Map<String, List<Demand>> byProvider = new LinkedHashMap<>();
        demands.forEach(d -> byProvider.computeIfAbsent(d.provider(), p -> new ArrayList<>()).add(d));
        List<ProviderPlan> plans = new ArrayList<>();
        byProvider.forEach((provider, ds) -> {
            Budget budget = budgets.get(provider);
            if (budget != null) {
                plans.add(plan(provider, ds, budget, target, degradeAt));
            }
        });
        return new BudgetPlan(List.copyOf(plans), target);
    }

    private static ProviderPlan plan(String provider, List<Demand> demands, Budget budget, double target, double degradeAt) {
        List<FeedPlan> feeds = new ArrayList<>();
        OptionalInt perMinute = budget.limit(Window.MINUTE);
        for (Demand d : demands) {
            int cap = budget.batchCap(d.maxBatch());
            int batches = (d.symbols() + cap - 1) / cap;
            int perSlot = 0;
            for (int i = 0; i < batches; i++) {
                perSlot += budget.cost().cost(Math.min(cap, d.symbols() - i * cap));
            }
            int minutes = perMinute.isPresent() ? Math.max(1, (perSlot + perMinute.getAsInt() - 1) / perMinute.getAsInt()) : 1;
            int slotsPerDay = d.slots().size() * 24;
            feeds.add(new FeedPlan(d.feed(), d.symbols(), slotsPerDay, batches, perSlot, (long) slotsPerDay * perSlot, minutes));
        }
        long perDay = feeds.stream().mapToLong(FeedPlan::creditsPerDay).sum();
        long perMonth = perDay * DAYS_PER_MONTH;
        Map<String, Integer> limits = new LinkedHashMap<>();
        Map<String, Double> fractions = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String status = "ok";
        for (Window w : new Window[] {Window.DAY, Window.MONTH}) {
            OptionalInt limit = budget.limit(w);
            if (limit.isEmpty()) {
                continue;
            }
            long need = w == Window.DAY ? perDay : perMonth;
            double fraction = (double) need / limit.getAsInt();
            limits.put(w.label(), limit.getAsInt());
            fractions.put(w.label(), Math.round(fraction * 10000) / 10000.0);
            if (fraction > 1.0) {
                status = "over-limit";
                problems.add(provider + ": " + need + " credits per " + w.label() + " for feeds " + feedNames(feeds)
                        + " exceed the limit of " + limit.getAsInt() + " (" + percent(fraction) + ")");
            } else if (fraction > target && !status.equals("over-limit")) {
                status = "over-target";
                problems.add(provider + ": " + need + " credits per " + w.label() + " are " + percent(fraction)
                        + " of the limit " + limit.getAsInt() + ", over the target of " + percent(target)
                        + (fraction >= degradeAt ? "; past degrade-at (" + percent(degradeAt) + "), so normal-priority feeds will"
                        + " skip slots late in the " + w.label() : ""));
            }
        }
        perMinute.ifPresent(l -> limits.put(Window.MINUTE.label(), l));
        perMinute.ifPresent(l -> problems.addAll(staggerProblems(provider, demands, feeds, l)));
        return new ProviderPlan(provider, budget.cost().label(), List.copyOf(feeds), perDay, perMonth, limits, fractions,
                status, List.copyOf(problems));
    }

    /** Feeds whose slots overlap (counting the minutes a slot spans) and together exceed the per-minute limit. */
    private static List<String> staggerProblems(String provider, List<Demand> demands, List<FeedPlan> feeds, int perMinute) {
        List<String> problems = new ArrayList<>();
        int[] load = new int[60];
        Map<Integer, List<String>> who = new LinkedHashMap<>();
        for (int i = 0; i < demands.size(); i++) {
            FeedPlan f = feeds.get(i);
            for (int slot : demands.get(i).slots()) {
                for (int m = 0; m < f.minutesPerSlot(); m++) {
                    int minute = (slot + m) % 60;
                    load[minute] += Math.min(perMinute, f.creditsPerSlot() - m * perMinute);
                    who.computeIfAbsent(minute, k -> new ArrayList<>()).add(f.feed());
                }
            }
        }
        for (int minute = 0; minute < 60; minute++) {
            if (load[minute] > perMinute) {
                problems.add(provider + ": feeds " + who.get(minute) + " share minute " + minute + " and need " + load[minute]
                        + " credits there, over the per-minute limit of " + perMinute + " (the ledger will defer the rest)");
            }
        }
        return problems;
    }

    public List<ProviderPlan> overLimit() {
        return providers.stream().filter(ProviderPlan::overcommitted).toList();
    }

    /** The plan as a text table for the start-up log. */
    public String table() {
        StringBuilder sb = new StringBuilder(String.format("%-12s %-12s %8s %9s %8s %9s %10s%n",
                "provider", "feed", "symbols", "slots/day", "batches", "cost/slot", "credits/day"));
        for (ProviderPlan p : providers) {
            for (FeedPlan f : p.feeds()) {
                sb.append(String.format("%-12s %-12s %8d %9d %8d %9d %10d%n", p.provider(), f.feed(), f.symbols(),
                        f.slotsPerDay(), f.batchesPerSlot(), f.creditsPerSlot(), f.creditsPerDay()));
            }
            sb.append(String.format("%-12s %-12s %49s %s%n", p.provider(), "= total", p.creditsPerDay() + "/day",
                    p.limits() + " " + p.usedFraction() + " " + p.status()));
        }
        return sb.toString();
    }

    private static List<String> feedNames(List<FeedPlan> feeds) {
        return feeds.stream().map(FeedPlan::feed).toList();
    }

    private static String percent(double fraction) {
        return Math.round(fraction * 1000) / 10.0 + " %";
    }
}
