package io.quotegate.budget;

import io.quotegate.logging.Outage;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * Re-seeds a provider's counts in Redis from PostgreSQL after Redis lost them (restarted empty, flushed, a window
 * evicted): the first replica to notice takes a lock, checks that no other replica did it meanwhile, and writes
 *
 * <ul>
 *   <li>each day and month count as the larger of PostgreSQL's (written behind, at most a write-behind late) and
 *       what this replica last saw plus what it spent since, <b>plus a margin</b> (where the window has a limit) for
 *       what other replicas may have spent after the last durable write: the per-minute limit for every minute the
 *       write-behind delay spans, and one more (a provider without a per-minute limit gets no margin: what it may
 *       lose is the write-behind delay times its spend rate);</li>
 *   <li>the current minute as full (what was spent in it is unknown), so nothing more leaves before the next;</li>
 * </ul>
 *
 * and then a new generation, under which every replica decides in Redis again. No field is lowered, so counts a
 * replica added meanwhile stay. When PostgreSQL has never heard of the provider (a new cluster), the counts are
 * created as generation 1 and nothing is added. Until a re-seed is done, replicas decide within their safety share.
 */
final class Reseed {

    private static final Logger log = LoggerFactory.getLogger(Reseed.class);
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final long RETRY_MILLIS = 500;

    /** A lock with a lease among the replicas; {@link #ALWAYS} when there is only one. */
    interface Lock {
        boolean tryAcquire(String name, Duration lease);

        void release(String name);

        Lock ALWAYS = new Lock() {
            @Override
            public boolean tryAcquire(String name, Duration lease) {
                return true;
            }

            @Override
            public void release(String name) {}
        };
    }

    private final LedgerScript script;
    private final @Nullable DurableLedger durable;
    private final Lock lock;
    private final SafetyShare alone;
    private final Map<String, Budget> budgets;
    private final TimeScale scale;
    private final Clock modelClock;
    private final Duration writeBehind;
    private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();
    /** When a re-seed last failed here (PostgreSQL or Redis did not answer): it is tried again after a pause. */
    private final Map<String, Long> failedAt = new ConcurrentHashMap<>();
    /** Re-seeds failing while PostgreSQL or Redis is away: one WARN per provider, not one every try. */
    private final Map<String, Outage> outages = new ConcurrentHashMap<>();
    /** Per provider: how often this replica re-seeded counts that Redis had lost. */
    private final Map<String, LongAdder> restored = new ConcurrentHashMap<>();

    Reseed(
            LedgerScript script,
            @Nullable DurableLedger durable,
            Lock lock,
            SafetyShare alone,
            Map<String, Budget> budgets,
            TimeScale scale,
            Clock modelClock,
            Duration writeBehind) {
        this.script = script;
        this.durable = durable;
        this.lock = lock;
        this.alone = alone;
        this.budgets = budgets;
        this.scale = scale;
        this.modelClock = modelClock;
        this.writeBehind = writeBehind;
    }

    /** How often this replica re-seeded the provider's counts after Redis had lost them. */
    long restored(String provider) {
        LongAdder n = restored.get(provider);
        return n == null ? 0 : n.sum();
    }

    /**
     * Re-seeds the provider's counts in the background (or joins the re-seed under way here). Completes with true
     * once Redis holds a generation again, false when another replica holds the lock, or it failed (tried again at
     * most every {@link #RETRY_MILLIS} after a failure).
     */
    CompletableFuture<Boolean> request(String provider) {
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.putIfAbsent(provider, mine);
        if (running != null) {
            return running;
        }
        Long failed = failedAt.get(provider);
        if (failed != null && System.currentTimeMillis() - failed < RETRY_MILLIS) {
            inFlight.remove(provider, mine);
            mine.complete(false);
            return mine;
        }
        Schedulers.boundedElastic().schedule(() -> {
            boolean done = false;
            try {
                done = run(provider);
            } finally {
                inFlight.remove(provider, mine);
                mine.complete(done);
            }
        });
        return mine;
    }

    private void recovered(String provider) {
        Outage o = outages.get(provider);
        if (o != null) {
            o.over("The shared counts of {} are in Redis again", provider);
        }
    }

    private boolean run(String provider) {
        String name = "reseed:" + provider;
        if (!lock.tryAcquire(name, LEASE)) {
            return false; // another replica is at it; until it is done this one decides within its safety share
        }
        try {
            Budget budget = budgets.get(provider);
            Instant now = modelClock.instant();
            try {
                script.call(provider, budget, now, "check", "-", "reseed", List.of())
                        .toCompletableFuture()
                        .get(5, TimeUnit.SECONDS);
                recovered(provider);
                return true; // done by another replica meanwhile
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof LedgerScript.Unseeded)) {
                    throw e;
                }
            }
            DurableLedger.Seed seed = durable == null ? DurableLedger.Seed.NONE : durable.load(provider, now);
            if (seed.generation() == 0) {
                seed = withLegacy(provider, now);
            }
            long generation = durable == null ? System.currentTimeMillis() : durable.nextGeneration(provider);
            List<String> entries = entries(provider, budget, now, seed);
            List<String> args = new ArrayList<>();
            args.add(Long.toString(generation));
            args.add(seed.generation() > 0 ? "1" : "0");
            args.add(Integer.toString(entries.size() / 3));
            args.addAll(entries);
            script.call(provider, budget, now, "reseed", "-", "reseed", args)
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            script.generation(provider, Long.toString(generation));
            if (seed.generation() == 0) {
                log.info("Shared ledger of {} created in Redis (generation {})", provider, generation);
            } else {
                restored.computeIfAbsent(provider, p -> new LongAdder()).increment();
                log.warn(
                        "Redis had lost the shared counts of {}: re-seeded from PostgreSQL as generation {} (day {},"
                                + " month {}, the current minute counted as full)",
                        provider,
                        generation,
                        total(entries, Window.DAY),
                        total(entries, Window.MONTH));
            }
            recovered(provider);
            return true;
        } catch (Exception e) {
            outages.computeIfAbsent(provider, p -> new Outage(log))
                    .failed(
                            "Could not re-seed the shared counts of {} yet ({}); replicas decide within their safety share"
                                    + " until it is done",
                            provider,
                            e instanceof java.util.concurrent.ExecutionException && e.getCause() != null
                                    ? e.getCause().getMessage()
                                    : e.getMessage());
            failedAt.put(provider, System.currentTimeMillis());
            return false;
        } finally {
            lock.release(name);
        }
    }

    /**
     * A first generation: what the ledger before hash-tagged keys counted in the current windows, if anything (an
     * upgrade); generation 0 all the same (nothing was lost, nothing is added).
     */
    private DurableLedger.Seed withLegacy(String provider, Instant now) throws Exception {
        Map<Window, Map<String, Long>> counts = new java.util.EnumMap<>(Window.class);
        for (Window w : Window.values()) {
            Map<String, Long> old = script.legacy(provider, w, Windows.start(w, now))
                    .toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
            if (!old.isEmpty()) {
                counts.put(w, old);
            }
        }
        if (!counts.isEmpty()) {
            log.info(
                    "Shared ledger of {}: the counts under the keys of the earlier version are taken over: {}",
                    provider,
                    counts);
        }
        return new DurableLedger.Seed(0, counts);
    }

    /** (key index, field, value) triples of the re-seed; key indexes as in ledger.lua (1 minute, 2 day, 3 month). */
    private List<String> entries(String provider, @Nullable Budget budget, Instant now, DurableLedger.Seed seed) {
        List<String> out = new ArrayList<>();
        boolean lost = seed.generation() > 0; // PostgreSQL knew these counts: Redis lost them
        long margin = lost ? margin(budget) : 0;
        for (Window w : new Window[] {Window.DAY, Window.MONTH}) {
            Map<String, Long> stored = seed.counts(w);
            long base = Math.max(stored.getOrDefault("_t", 0L), alone.known(provider, w, now));
            // Only where there is a limit to protect (a window without one is a figure on /trace), and in the month
            // whenever in the day: the month holds the day.
            boolean limited = budget != null
                    && (budget.limit(w).isPresent()
                            || (w == Window.MONTH && budget.limit(Window.DAY).isPresent()));
            long total = base + (limited ? margin : 0);
            long feeds = 0;
            for (var e : stored.entrySet()) {
                if (!e.getKey().equals("_t")) {
                    add(out, w, e.getKey(), e.getValue());
                    feeds += e.getValue();
                }
            }
            if (total > feeds) {
                add(out, w, "(reseed)", total - feeds);
            }
            if (total > 0) {
                add(out, w, "_t", total);
            }
        }
        seed.counts(Window.MINUTE).forEach((field, value) -> add(out, Window.MINUTE, field, value));
        if (lost && budget != null && budget.limit(Window.MINUTE).isPresent()) {
            long full = budget.limit(Window.MINUTE).getAsInt();
            add(out, Window.MINUTE, "(reseed)", full);
            add(out, Window.MINUTE, "_t", full);
        }
        return out;
    }

    /**
     * What other replicas may have spent after the last durable write: a minute's limit for every minute window the
     * write-behind delay can touch (one more than it spans).
     */
    long margin(@Nullable Budget budget) {
        if (budget == null || budget.limit(Window.MINUTE).isEmpty()) {
            return 0;
        }
        long minute = scale.toReal(Duration.ofMinutes(1)).toMillis();
        long spans = (writeBehind.toMillis() + minute - 1) / minute;
        return budget.limit(Window.MINUTE).getAsInt() * (spans + 1);
    }

    private static void add(List<String> out, Window w, String field, long value) {
        out.add(Integer.toString(w.ordinal() + 1));
        out.add(field);
        out.add(Long.toString(value));
    }

    private static long total(List<String> entries, Window w) {
        for (int i = 0; i + 2 < entries.size(); i += 3) {
            if (entries.get(i).equals(Integer.toString(w.ordinal() + 1))
                    && entries.get(i + 1).equals("_t")) {
                return Long.parseLong(entries.get(i + 2));
            }
        }
        return 0;
    }
}
