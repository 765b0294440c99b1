package io.quotegate.budget;

import io.quotegate.market.Markets;
import io.quotegate.model.Priority;
import io.quotegate.model.Window;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One provider's part of the {@link BudgetPlan}: its feeds replayed over the plan's window, normal
 * feeds stretched until the provider fits the target, then its totals, status and problems (over a
 * limit, over the target, slots that together overrun the minute).
 */
final class ProviderFit {

    static BudgetPlan.ProviderPlan plan(
            String provider,
            List<Demand> demands,
            Budget budget,
            double target,
            double degradeAt,
            PlanSimulation sim,
            Markets markets,
            boolean fitting) {
        Map<String, Integer> every = new HashMap<>();
        Map<String, PlanSimulation.Result> results = new HashMap<>();
        demands.forEach(d -> {
            every.put(d.feed(), 1);
            results.put(d.feed(), sim.run(d, budget, 1));
        });
        Map<String, String> stretchedWhy = new HashMap<>();
        if (fitting) {
            while (true) {
                String over = overTarget(budget, results, target);
                if (over == null) {
                    break;
                }
                Demand pick = demands.stream()
                        .filter(d -> d.priority() == Priority.NORMAL
                                && (int) every.getOrDefault(d.feed(), 1) < maxEvery(d, budget))
                        .max(Comparator.comparingLong(d -> java.util.Objects.requireNonNull(results.get(d.feed()))
                                .max()))
                        .orElse(null);
                if (pick == null) {
                    break;
                }
                int k = every.merge(pick.feed(), 1, Integer::sum);
                results.put(pick.feed(), sim.run(pick, budget, k));
                stretchedWhy.put(
                        pick.feed(),
                        "stretched to every " + ordinal(k) + " slot so " + provider + " fits " + percent(target)
                                + " of its " + over + " limit");
            }
        }
        List<BudgetPlan.FeedPlan> feeds = new ArrayList<>();
        OptionalInt perMinute = budget.limit(Window.MINUTE);
        for (Demand d : demands) {
            int cap = budget.batchCap(d.maxBatch());
            int batches = (d.symbols() + cap - 1) / cap;
            int perSlot = PlanSimulation.cost(budget, cap, d.symbols());
            int minutes = perMinute.isPresent()
                    ? Math.max(1, (perSlot + perMinute.getAsInt() - 1) / perMinute.getAsInt())
                    : 1;
            PlanSimulation.Result r = java.util.Objects.requireNonNull(results.get(d.feed()), d.feed());
            int configured = d.slots().size() * 24;
            List<String> why = new ArrayList<>();
            String stretched = stretchedWhy.get(d.feed());
            if (stretched != null) {
                why.add(stretched);
            }
            if (markets.endOfDay(d.provider()).isPresent()) {
                why.add("end of day: once after each publication ("
                        + markets.endOfDay(d.provider()).get().afterClose() + " after the close)");
            } else if (r.max() < (long) configured * perSlot / (int) every.getOrDefault(d.feed(), 1)
                    || r.min() < r.max()) {
                why.add("spends only while its markets are open (and once after each close)");
            }
            feeds.add(new BudgetPlan.FeedPlan(
                    d.feed(),
                    d.priority().name().toLowerCase(java.util.Locale.ROOT),
                    d.symbols(),
                    configured,
                    (int) every.getOrDefault(d.feed(), 1),
                    r.maxSlots(),
                    r.minSlots(),
                    batches,
                    perSlot,
                    r.max(),
                    r.min(),
                    r.total(),
                    minutes,
                    String.join("; ", why)));
        }
        long perDay = busiestDay(results);
        long closedDay = quietestDay(results);
        long perMonth = results.values().stream()
                .mapToLong(PlanSimulation.Result::total)
                .sum();
        Map<String, Integer> limits = new LinkedHashMap<>();
        Map<String, Double> fractions = new LinkedHashMap<>();
        List<PlanProblem> problems = new ArrayList<>();
        PlanVerdict status = PlanVerdict.OK;
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
                status = PlanVerdict.OVER_LIMIT;
                problems.add(new PlanProblem(
                        PlanVerdict.OVER_LIMIT,
                        provider + ": " + need + " credits per " + w.label() + " for feeds " + feedNames(feeds)
                                + " exceed the limit of " + limit.getAsInt() + " (" + percent(fraction) + ")"
                                + (fitting ? " even with every normal feed stretched: " + stretchSummary(feeds) : "")));
            } else if (fraction > target && status != PlanVerdict.OVER_LIMIT) {
                status = PlanVerdict.OVER_TARGET;
                problems.add(new PlanProblem(
                        PlanVerdict.OVER_TARGET,
                        provider + ": " + need + " credits per " + w.label() + " are " + percent(fraction)
                                + " of the limit " + limit.getAsInt() + ", over the target of " + percent(target)
                                + (fitting ? " (critical feeds keep their slots: " + stretchSummary(feeds) + ")" : "")
                                + (fraction >= degradeAt
                                        ? "; past degrade-at (" + percent(degradeAt)
                                                + "), so normal-priority feeds will" + " skip slots late in the "
                                                + w.label()
                                        : "")));
            }
        }
        perMinute.ifPresent(l -> limits.put(Window.MINUTE.label(), l));
        perMinute.ifPresent(l -> problems.addAll(staggerProblems(provider, demands, feeds, l)));
        List<Long> byDay = new ArrayList<>();
        for (int day = 0; day < PlanSimulation.DAYS; day++) {
            long sum = 0;
            for (PlanSimulation.Result r : results.values()) {
                sum += r.creditsPerDay()[day];
            }
            byDay.add(sum);
        }
        return new BudgetPlan.ProviderPlan(
                provider,
                budget.cost().label(),
                List.copyOf(feeds),
                perDay,
                closedDay,
                perMonth,
                limits,
                fractions,
                status,
                List.copyOf(problems),
                List.copyOf(byDay),
                List.of());
    }

    /** A provider no feed is planned on (it is only a fallback): nothing planned, its limits for reference. */
    static BudgetPlan.ProviderPlan idle(String provider, Budget budget, PlanSimulation sim) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (Window w : Window.values()) {
            budget.limit(w).ifPresent(l -> limits.put(w.label(), l));
        }
        List<Long> none = new ArrayList<>();
        for (int day = 0; day < PlanSimulation.DAYS; day++) {
            none.add(0L);
        }
        return new BudgetPlan.ProviderPlan(
                provider,
                budget.cost().label(),
                List.of(),
                0,
                0,
                0,
                limits,
                Map.of(),
                PlanVerdict.OK,
                List.of(),
                none,
                List.of());
    }

    /** A fallback's plan, saying that it is one and how the provider would fare with its own feeds besides. */
    static BudgetPlan.FeedPlan standby(BudgetPlan.FeedPlan alone, PlanVerdict withOwnFeeds) {
        String why = "fallback: spends only while the providers before it in the chain fail; were it to serve this"
                + " feed all day, with its own feeds besides it would be " + withOwnFeeds;
        return new BudgetPlan.FeedPlan(
                alone.feed(),
                alone.priority(),
                alone.symbols(),
                alone.configuredSlotsPerDay(),
                alone.every(),
                alone.slotsPerDay(),
                alone.slotsClosedDay(),
                alone.batchesPerSlot(),
                alone.creditsPerSlot(),
                alone.creditsPerDay(),
                alone.creditsClosedDay(),
                alone.creditsPerMonth(),
                alone.minutesPerSlot(),
                why);
    }

    /**
     * How far a normal feed may be stretched: to once a day, or on a provider with a monthly limit only, to
     * once a month (a month's calls spread evenly over its days rather than spent in the first ones).
     */
    private static int maxEvery(Demand d, Budget budget) {
        int perDay = d.slots().size() * 24;
        boolean monthOnly = budget.limit(Window.MONTH).isPresent()
                && budget.limit(Window.DAY).isEmpty();
        return monthOnly ? perDay * PlanSimulation.DAYS : perDay;
    }

    /** The window ("day" or "month") over target, or null when the provider fits. */
    private static @Nullable String overTarget(
            Budget budget, Map<String, PlanSimulation.Result> results, double target) {
        OptionalInt day = budget.limit(Window.DAY);
        if (day.isPresent() && busiestDay(results) > target * day.getAsInt()) {
            return "daily";
        }
        OptionalInt month = budget.limit(Window.MONTH);
        long perMonth = results.values().stream()
                .mapToLong(PlanSimulation.Result::total)
                .sum();
        if (month.isPresent() && perMonth > target * month.getAsInt()) {
            return "monthly";
        }
        return null;
    }

    /** The provider's busiest UTC day: feeds are summed per day, so quiet days of one feed do not hide another's. */
    private static long busiestDay(Map<String, PlanSimulation.Result> results) {
        long best = 0;
        for (int day = 0; day < PlanSimulation.DAYS; day++) {
            long sum = 0;
            for (PlanSimulation.Result r : results.values()) {
                sum += r.creditsPerDay()[day];
            }
            best = Math.max(best, sum);
        }
        return best;
    }

    private static long quietestDay(Map<String, PlanSimulation.Result> results) {
        long best = Long.MAX_VALUE;
        for (int day = 0; day < PlanSimulation.DAYS; day++) {
            long sum = 0;
            for (PlanSimulation.Result r : results.values()) {
                sum += r.creditsPerDay()[day];
            }
            best = Math.min(best, sum);
        }
        return best == Long.MAX_VALUE ? 0 : best;
    }

    private static String stretchSummary(List<BudgetPlan.FeedPlan> feeds) {
        return String.join(
                ", ",
                feeds.stream()
                        .map(f -> f.feed() + " (" + f.priority() + ") "
                                + (f.every() == 1 ? "every slot" : "every " + ordinal(f.every()) + " slot") + ", "
                                + f.creditsPerDay() + "/day")
                        .toList());
    }

    static String ordinal(int n) {
        if (n == 1) {
            return "";
        }
        String suffix = (n % 100 >= 11 && n % 100 <= 13)
                ? "th"
                : switch (n % 10) {
                    case 2 -> "nd";
                    case 3 -> "rd";
                    default -> n % 10 == 1 ? "st" : "th";
                };
        return n + suffix;
    }

    /** Feeds whose slots overlap (counting the minutes a slot spans) and together exceed the per-minute limit. */
    private static List<PlanProblem> staggerProblems(
            String provider, List<Demand> demands, List<BudgetPlan.FeedPlan> feeds, int perMinute) {
        List<PlanProblem> problems = new ArrayList<>();
        int[] load = new int[60];
        Map<Integer, List<String>> who = new LinkedHashMap<>();
        for (int i = 0; i < demands.size(); i++) {
            BudgetPlan.FeedPlan f = feeds.get(i);
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
                problems.add(PlanProblem.stagger(provider + ": feeds " + who.get(minute) + " share minute " + minute
                        + " and need " + load[minute] + " credits there, over the per-minute limit of " + perMinute
                        + " (the ledger will defer the rest)"));
            }
        }
        return problems;
    }

    private static List<String> feedNames(List<BudgetPlan.FeedPlan> feeds) {
        return feeds.stream().map(BudgetPlan.FeedPlan::feed).toList();
    }

    static String percent(double fraction) {
        return Math.round(fraction * 1000) / 10.0 + " %";
    }

    private ProviderFit() {}
}
