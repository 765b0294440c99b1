package io.quotegate.budget;

import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What {@link RedisLedger} may spend while it cannot decide in Redis (Redis away, or its counts being re-seeded):
 * at most 1/N of what was left of each window when it last saw the shared counts (N = the replicas alive then), or
 * nothing when it never saw them. A spend beyond the share waits (until the minute is over, or {@link #ASK_AGAIN}):
 * asked again, it is decided in Redis once Redis can decide, within the caller's slot. A spend within the edge guard of a window's end must fit this replica's share of
 * the next window too. It remembers the counts it saw (the highest, per window: a count it saw go down was lost by
 * Redis), keeps the spends granted alone until they are added to the shared counts, and the decisions taken alone
 * for /trace.
 */
final class SafetyShare {

    /** How soon a spend that does not fit the safety share asks again (real time): the shared ledger may be back. */
    static final Duration ASK_AGAIN = Duration.ofMillis(500);

    private final TimeScale scale;
    private final IntSupplier replicas;
    private final int keptDecisions;

    /** Counts as last read from Redis, per provider and window, keyed by the window's start: the base of the share. */
    private final Map<String, Map<Window, Map<Instant, Seen>>> seen = new ConcurrentHashMap<>();
    /** Spends granted while Redis was away, per provider, not yet added to the shared counts. */
    private final Map<String, List<Offline>> offline = new LinkedHashMap<>();
    /** Decisions taken while Redis was away, for /trace. */
    private final Deque<DecisionRecord> local = new ArrayDeque<>();

    private record Seen(long total, int replicas) {}

    /** A spend granted alone, with the start of each window it counts in (its own, and the next one near an edge). */
    record Offline(Spend spend, Map<Window, List<Instant>> counted) {

        List<Instant> counted(Window w) {
            return counted.getOrDefault(w, List.of());
        }
    }

    SafetyShare(TimeScale scale, IntSupplier replicas, int keptDecisions) {
        this.scale = scale;
        this.replicas = replicas;
        this.keptDecisions = keptDecisions;
    }

    /**
     * Shared counts just read ({@code _t} is each window's total) for the windows at {@code now}, and for the next
     * windows (spends near an edge counted ahead). Returns the windows of {@code now} that Redis reported lower than
     * this replica had seen them: Redis lost writes (a fail-over), and the caller raises them back.
     */
    Map<Window, Long> remember(
            String provider, Instant now, Map<Window, Map<String, Long>> current, Map<Window, Map<String, Long>> next) {
        Map<Window, Long> lost = new EnumMap<>(Window.class);
        current.forEach((w, byFeed) -> {
            long t = byFeed.getOrDefault("_t", 0L);
            long had = note(provider, w, Windows.start(w, now), t);
            if (had > t) {
                lost.put(w, had);
            }
        });
        next.forEach((w, byFeed) -> note(provider, w, Windows.end(w, now), byFeed.getOrDefault("_t", 0L)));
        return lost;
    }

    /** The totals a reserve answered with (minute, day, month at {@code now}); as {@link #remember}. */
    Map<Window, Long> observed(String provider, Instant now, long[] totals) {
        Map<Window, Long> lost = new EnumMap<>(Window.class);
        for (Window w : Window.values()) {
            long had = note(provider, w, Windows.start(w, now), totals[w.ordinal()]);
            if (had > totals[w.ordinal()]) {
                lost.put(w, had);
            }
        }
        return lost;
    }

    /** Keeps the highest total seen of the window; returns the one seen before. Forgets windows that are over. */
    private long note(String provider, Window w, Instant start, long total) {
        Map<Instant, Seen> byStart = seen.computeIfAbsent(provider, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(w, x -> new ConcurrentHashMap<>());
        byStart.keySet().removeIf(s -> s.isBefore(start) && Windows.end(w, s).isBefore(start));
        int n = Math.max(1, replicas.getAsInt());
        Seen before = byStart.get(start);
        long had = before == null ? 0 : before.total();
        byStart.put(start, new Seen(Math.max(had, total), n));
        return had;
    }

    /** A window's total as far as this replica knows: what it last saw, plus what it spent alone since. */
    long known(String provider, Window w, Instant now) {
        Instant start = Windows.start(w, now);
        Seen s = seenIn(provider, w, start);
        return (s == null ? 0 : s.total()) + offlineSpent(provider, w, start);
    }

    /** What this replica spent alone in the provider's window at {@code now} and has not added to the shared counts. */
    long spentAlone(String provider, Window w, Instant now) {
        return offlineSpent(provider, w, Windows.start(w, now));
    }

    private @Nullable Seen seenIn(String provider, Window w, Instant start) {
        return seen.getOrDefault(provider, Map.of()).getOrDefault(w, Map.of()).get(start);
    }

    private synchronized long offlineSpent(String provider, Window w, Instant start) {
        return offline.getOrDefault(provider, List.of()).stream()
                .filter(o -> o.counted(w).contains(start))
                .mapToLong(o -> o.spend().credits())
                .sum();
    }

    /**
     * Decides a spend alone, the shared ledger being unable to decide ({@code cause}); a grant is kept until
     * {@link #drain()}.
     */
    synchronized Decision decide(Spend spend, Budget budget, Instant now, Throwable cause) {
        Map<Window, Map<Instant, Seen>> known = seen.get(spend.provider());
        Decision d;
        if (known == null || known.isEmpty()) {
            d = Decision.denied(
                    spend,
                    "the shared ledger (Redis) cannot decide (" + cause.getMessage()
                            + ") and this replica has never seen its counts: nothing is spent",
                    null);
        } else {
            int n = known.values().stream()
                    .flatMap(m -> m.values().stream())
                    .mapToInt(Seen::replicas)
                    .max()
                    .orElse(1);
            d = overShare(spend, budget, now, n, cause);
            if (d == null) {
                Map<Window, List<Instant>> counted = new EnumMap<>(Window.class);
                for (Window w : Window.values()) {
                    counted.put(
                            w,
                            EdgeGuard.reachesNext(budget, w, now, scale)
                                    ? List.of(Windows.start(w, now), Windows.end(w, now))
                                    : List.of(Windows.start(w, now)));
                }
                offline.computeIfAbsent(spend.provider(), p -> new ArrayList<>())
                        .add(new Offline(spend, counted));
                d = Decision.granted(spend);
            }
        }
        synchronized (local) {
            local.addLast(DecisionRecord.of(scale.toReal(now), d));
            while (local.size() > keptDecisions) {
                local.removeFirst();
            }
        }
        return d;
    }

    /** The refusal when the spend does not fit this replica's share of some window it counts in, or null. */
    private @Nullable Decision overShare(Spend spend, Budget budget, Instant now, int n, Throwable cause) {
        for (Window w : new Window[] {Window.MONTH, Window.DAY, Window.MINUTE}) {
            if (budget.limit(w).isEmpty()) {
                continue;
            }
            int limit = budget.limit(w).getAsInt();
            List<Instant> starts = EdgeGuard.reachesNext(budget, w, now, scale)
                    ? List.of(Windows.start(w, now), Windows.end(w, now))
                    : List.of(Windows.start(w, now));
            for (Instant start : starts) {
                Seen s = seenIn(spend.provider(), w, start);
                long left = limit - (s == null ? 0 : s.total());
                long allowance = Math.max(0, left) / n;
                long spent = offlineSpent(spend.provider(), w, start);
                if (spent + spend.credits() <= allowance) {
                    continue;
                }
                boolean next = !start.equals(Windows.start(w, now));
                String reason = "the shared ledger (Redis) cannot decide (" + cause.getMessage()
                        + "): this replica's safety share of the " + (next ? "next " : "") + w.label() + " is "
                        + allowance + " (1/" + n + " of the " + Math.max(0, left) + " left), used " + spent + ", needs "
                        + spend.credits();
                // Wait, never deny: the shared ledger may decide again before the caller's slot is over (Redis back
                // after a fail-over, the counts re-seeded), or the minute may roll over, whichever comes first.
                Duration untilEnd = scale.toReal(Duration.between(now, Windows.end(w, start)));
                Duration wait = w == Window.MINUTE && spend.credits() <= limit / n || untilEnd.compareTo(ASK_AGAIN) < 0
                        ? untilEnd
                        : ASK_AGAIN;
                return Decision.waitFor(spend, wait, w, reason + "; asking again in " + wait.toMillis() + " ms");
            }
        }
        return null;
    }

    /** Takes the spends granted alone with one provider, to be added to the shared counts ({@link #restore} on failure). */
    synchronized List<Offline> drain(String provider) {
        List<Offline> pending = offline.remove(provider);
        return pending == null ? List.of() : pending;
    }

    synchronized boolean pending(String provider) {
        return offline.containsKey(provider);
    }

    synchronized void restore(String provider, List<Offline> pending) {
        offline.computeIfAbsent(provider, p -> new ArrayList<>()).addAll(0, pending);
    }

    /** The spends made alone are shared now: their decisions are in the shared log from here on. */
    void shared() {
        synchronized (local) {
            local.clear();
        }
    }

    /** {@code shared} followed by the decisions taken alone, the last {@code keptDecisions}. */
    List<DecisionRecord> withLocal(List<DecisionRecord> shared) {
        synchronized (local) {
            if (local.isEmpty()) {
                return new ArrayList<>(shared);
            }
            List<DecisionRecord> out = new ArrayList<>(shared);
            out.addAll(local);
            return out.subList(Math.max(0, out.size() - keptDecisions), out.size());
        }
    }
}
