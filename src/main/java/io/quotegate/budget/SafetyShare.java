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
 * What {@link RedisLedger} may spend while Redis is away: at most 1/N of what was left of each window
 * when it last saw the shared counts (N = the replicas alive then), or nothing when it never saw them.
 * It remembers the counts it saw, keeps the spends granted alone until they are added to the shared
 * counts, and the decisions taken alone for /trace.
 */
final class SafetyShare {

    private final TimeScale scale;
    private final IntSupplier replicas;
    private final int keptDecisions;

    /** Counts as last read from Redis, per provider: the base of the share. */
    private final Map<String, Map<Window, Seen>> seen = new ConcurrentHashMap<>();
    /** Spends granted while Redis was away, per provider, not yet added to the shared counts. */
    private final Map<String, List<Offline>> offline = new LinkedHashMap<>();
    /** Decisions taken while Redis was away, for /trace. */
    private final Deque<DecisionRecord> local = new ArrayDeque<>();

    private record Seen(Instant windowStart, long total, int replicas) {}

    /** A spend granted alone, with the start of each window it fell in. */
    record Offline(Spend spend, Map<Window, Instant> starts) {}

    SafetyShare(TimeScale scale, IntSupplier replicas, int keptDecisions) {
        this.scale = scale;
        this.replicas = replicas;
        this.keptDecisions = keptDecisions;
    }

    /** The shared counts as just read ({@code _t} is each window's total). */
    void remember(String provider, Instant now, Map<Window, Map<String, Long>> counts) {
        Map<Window, Seen> m = seen.computeIfAbsent(provider, p -> new ConcurrentHashMap<>());
        int n = Math.max(1, replicas.getAsInt());
        counts.forEach((w, byFeed) -> m.put(w, new Seen(Windows.start(w, now), byFeed.getOrDefault("_t", 0L), n)));
    }

    /** A shared spend this replica was granted: its counts move on without reading them again. */
    void bump(String provider, Instant now, int credits) {
        Map<Window, Seen> m = seen.computeIfAbsent(provider, p -> new ConcurrentHashMap<>());
        int n = Math.max(1, replicas.getAsInt());
        for (Window w : Window.values()) {
            Instant start = Windows.start(w, now);
            m.merge(
                    w,
                    new Seen(start, credits, n),
                    (old, x) -> old.windowStart().equals(start) ? new Seen(start, old.total() + credits, n) : x);
        }
    }

    /** A window's total as far as this replica knows: what it last saw, plus what it spent alone since. */
    long known(String provider, Window w, Instant now) {
        Seen s = seenIn(provider, w, now);
        return (s == null ? 0 : s.total()) + offlineSpent(provider, w, now);
    }

    private @Nullable Seen seenIn(String provider, Window w, Instant now) {
        Seen s = seen.getOrDefault(provider, Map.of()).get(w);
        return s != null && s.windowStart().equals(Windows.start(w, now)) ? s : null;
    }

    private synchronized long offlineSpent(String provider, Window w, Instant now) {
        Instant start = Windows.start(w, now);
        return offline.getOrDefault(provider, List.of()).stream()
                .filter(o -> start.equals(o.starts().get(w)))
                .mapToLong(o -> o.spend().credits())
                .sum();
    }

    /** Decides a spend alone, Redis being away ({@code cause}); a grant is kept until {@link #drain()}. */
    synchronized Decision decide(Spend spend, Budget budget, Instant now, Throwable cause) {
        Map<Window, Seen> known = seen.get(spend.provider());
        Decision d;
        if (known == null || known.isEmpty()) {
            d = Decision.denied(
                    spend,
                    "the shared ledger (Redis) cannot be reached (" + cause.getMessage()
                            + ") and this replica has never seen its counts: nothing is spent",
                    null);
        } else {
            int n = known.values().stream().mapToInt(Seen::replicas).max().orElse(1);
            d = overShare(spend, budget, now, n);
            if (d == null) {
                Map<Window, Instant> starts = new EnumMap<>(Window.class);
                for (Window w : Window.values()) {
                    starts.put(w, Windows.start(w, now));
                }
                offline.computeIfAbsent(spend.provider(), p -> new ArrayList<>())
                        .add(new Offline(spend, starts));
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

    /** The refusal when the spend does not fit this replica's share of some window, or null. */
    private @Nullable Decision overShare(Spend spend, Budget budget, Instant now, int n) {
        for (Window w : new Window[] {Window.MONTH, Window.DAY, Window.MINUTE}) {
            if (budget.limit(w).isEmpty()) {
                continue;
            }
            int limit = budget.limit(w).getAsInt();
            Seen s = seenIn(spend.provider(), w, now);
            long left = limit - (s == null ? 0 : s.total());
            long allowance = Math.max(0, left) / n;
            long spent = offlineSpent(spend.provider(), w, now);
            if (spent + spend.credits() > allowance) {
                String reason = "the shared ledger (Redis) cannot be reached: this replica's safety share of the "
                        + w.label()
                        + " is " + allowance + " (1/" + n + " of the " + Math.max(0, left) + " left), used " + spent
                        + ", needs "
                        + spend.credits();
                return w == Window.MINUTE && spend.credits() <= limit / n
                        ? Decision.waitFor(
                                spend, scale.toReal(Duration.between(now, Windows.end(Window.MINUTE, now))), w, reason)
                        : Decision.denied(spend, reason, w);
            }
        }
        return null;
    }

    /** Takes every spend granted alone, to be added to the shared counts ({@link #restore} if that fails). */
    synchronized List<Offline> drain() {
        if (offline.isEmpty()) {
            return List.of();
        }
        List<Offline> pending = new ArrayList<>();
        offline.values().forEach(pending::addAll);
        offline.clear();
        return pending;
    }

    synchronized void restore(List<Offline> pending) {
        pending.forEach(o -> offline.computeIfAbsent(o.spend().provider(), p -> new ArrayList<>())
                .add(o));
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
