package io.quotegate.budget;

import io.quotegate.market.Market;
import io.quotegate.market.MarketGate;
import io.quotegate.market.Markets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Replays a feed's slots over the planning window (model time, 31 UTC days from the start of the
 * current day) with the same rules as {@link MarketGate}: a slot spends only on symbols whose market
 * was open (or whose end-of-day price was published) since the feed's last refresh, and only on every
 * n-th slot when stretched. Markets are turned into sorted instants once, so a replay is cheap.
 */
final class PlanSimulation {

    static final int DAYS = 31;

    private final Markets markets;
    private final Instant start;
    private final Instant end;
    private final Map<String, long[]> opens = new HashMap<>();
    private final Map<String, long[]> closes = new HashMap<>();

    PlanSimulation(Markets markets, Instant now) {
        this.markets = markets;
        this.start = now.truncatedTo(ChronoUnit.DAYS);
        this.end = start.plus(Duration.ofDays(DAYS));
    }

    Instant start() {
        return start;
    }

    /** Credits per UTC day of the window, and the number of spending slots per day. */
    record Result(long[] creditsPerDay, int[] slotsPerDay) {
        long max() {
            return Arrays.stream(creditsPerDay).max().orElse(0);
        }

        long min() {
            return Arrays.stream(creditsPerDay).min().orElse(0);
        }

        long total() {
            return Arrays.stream(creditsPerDay).sum();
        }

        int maxSlots() {
            return Arrays.stream(slotsPerDay).max().orElse(0);
        }

        int minSlots() {
            return Arrays.stream(slotsPerDay).min().orElse(0);
        }

        /** The day index with the most credits (a trading day) and with the fewest (a closed day). */
        int busiestDay() {
            int best = 0;
            for (int i = 1; i < creditsPerDay.length; i++) {
                if (creditsPerDay[i] > creditsPerDay[best]) {
                    best = i;
                }
            }
            return best;
        }
    }

    Result run(Demand d, Budget budget, int every) {
        long[] credits = new long[DAYS];
        int[] slots = new int[DAYS];
        List<Integer> sorted = d.slots().stream().sorted().distinct().toList();
        Markets.EndOfDay eod = markets.endOfDay(d.provider()).orElse(null);
        List<Market> perSymbol =
                d.names().stream().map(s -> markets.market(d.feed(), s)).toList();
        int cap = budget.batchCap(d.maxBatch());
        // The warm-up at start fetched everything: the replay begins as if refreshed then.
        Instant since = start;
        for (Instant hour = start; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
            for (int minute : sorted) {
                Instant t = hour.plus(Duration.ofMinutes(minute));
                if (!MarketGate.due(sorted, every, t)) {
                    continue;
                }
                int fetch = 0;
                for (Market m : perSymbol) {
                    if (!rests(m, eod, since, t)) {
                        fetch++;
                    }
                }
                if (fetch == 0) {
                    continue;
                }
                since = t;
                int day = (int) Duration.between(start, t).toDays();
                credits[day] += cost(budget, cap, fetch);
                slots[day]++;
            }
        }
        return new Result(credits, slots);
    }

    static int cost(Budget budget, int cap, int symbols) {
        int total = 0;
        for (int left = symbols; left > 0; left -= cap) {
            total += budget.cost().cost(Math.min(cap, left));
        }
        return total;
    }

    private boolean rests(Market m, Markets.@Nullable EndOfDay eod, Instant since, Instant now) {
        if (m.always() && eod == null) {
            return false;
        }
        if (eod != null) {
            Market whose = eod.marketFor(m);
            if (whose.always()) {
                return false;
            }
            long[] c =
                    closes.computeIfAbsent(whose.name() + "+" + eod.afterClose(), k -> ends(whose, eod.afterClose()));
            return !any(c, since.toEpochMilli(), now.toEpochMilli());
        }
        long[] iv = opens.computeIfAbsent(m.name(), k -> intervals(m));
        // Open at some moment in (since, now]: an interval [s, e) with e > since and s <= now.
        for (int i = 0; i < iv.length; i += 2) {
            if (iv[i + 1] > since.toEpochMilli() && iv[i] <= now.toEpochMilli()) {
                return false;
            }
            if (iv[i] > now.toEpochMilli()) {
                break;
            }
        }
        return true;
    }

    private long[] intervals(Market m) {
        List<Market.Interval> list = m.intervals(start.minus(Duration.ofDays(3)), end);
        long[] out = new long[list.size() * 2];
        for (int i = 0; i < list.size(); i++) {
            out[2 * i] = list.get(i).start().toEpochMilli();
            out[2 * i + 1] = list.get(i).end().toEpochMilli();
        }
        return out;
    }

    private long[] ends(Market m, Duration after) {
        List<Long> out = new ArrayList<>();
        for (Instant close : m.dailyCloses(start.minus(Duration.ofDays(3)), end.plus(Duration.ofDays(1)))) {
            out.add(close.plus(after).toEpochMilli());
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Any value in (from, to]. */
    private static boolean any(long[] sorted, long from, long to) {
        for (long v : sorted) {
            if (v > from && v <= to) {
                return true;
            }
            if (v > to) {
                return false;
            }
        }
        return false;
    }
}
