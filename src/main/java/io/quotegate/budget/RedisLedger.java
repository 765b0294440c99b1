package io.quotegate.budget;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.quotegate.cluster.RedisLink;
import io.quotegate.model.Purpose;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The ledger of several replicas: the same rules as {@link MemoryLedger}, with the counters in Redis.
 *
 * <p>Every operation is one Lua script call ({@code ledger.lua}, loaded once and called by EVALSHA,
 * re-sent with EVAL if Redis lost it): it reads the provider's minute, day and month windows (and the next ones,
 * for a spend within the edge guard of a window's end), applies the limits, the budget state and the
 * {@link Shares} rule, increments the windows and appends the decision to the provider's log, atomically, in one
 * round trip. Window keys are named by the window's start on the model clock and expire after their window, so
 * windows roll over without any reset.
 *
 * <p>Counts that outlive Redis: every second each replica reads the shared counts (it needs them for its safety
 * share anyway) and writes the day and month counts behind to PostgreSQL ({@link DurableLedger}), never lowering
 * them. Every call carries the generation of the counts; when Redis holds none (restarted empty, flushed, a window
 * evicted), the first replica to notice re-seeds Redis from PostgreSQL under a lock ({@link Reseed}), and until it
 * has, every replica decides within its safety share. A count a replica saw that Redis later reports lower (writes
 * lost in a fail-over) is raised back.
 *
 * <p>Redis lost: a replica that has seen Redis may go on spending alone, but at most its safety share of
 * each window: 1/N of what was left when it last saw the counts (N = the replicas alive then), or nothing
 * when that rounds down to zero. Those spends are kept here and added to the shared counts before the
 * next shared decision. A replica that never reached Redis spends nothing.
 */
public final class RedisLedger implements Ledger, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisLedger.class);
    private static final int KEPT_DECISIONS = 200;
    /**
     * Where callers continue after a Redis answer: never on Lettuce's event loop, since what follows a
     * decision may itself wait for Redis (storing a snapshot) and would then wait for its own thread.
     */
    private static final Scheduler AWAY = Schedulers.boundedElastic();

    private final Map<String, Budget> budgets;
    private final Map<String, Shares> shares;
    private final Thresholds thresholds;
    private final Clock modelClock;
    private final TimeScale scale;
    private final RedisLink redis;
    private final LedgerScript script;
    private final SafetyShare alone;
    private volatile @Nullable Reseed reseed;
    private volatile @Nullable DurableLedger durable;
    private volatile @Nullable Disposable watching;
    /** The last shared decision log read, for /trace while Redis is away. */
    private volatile List<DecisionRecord> lastShared = List.of();

    /**
     * @param replicas how many replicas were alive at the last heartbeat (the N of the safety share)
     */
    public RedisLedger(
            Map<String, Budget> budgets,
            Map<String, Shares> shares,
            Thresholds thresholds,
            Clock realClock,
            TimeScale scale,
            RedisLink redis,
            IntSupplier replicas) {
        this.budgets = Map.copyOf(budgets);
        this.shares = Map.copyOf(shares);
        this.thresholds = thresholds;
        this.scale = scale;
        this.modelClock = scale.model(realClock);
        this.redis = redis;
        this.script = new LedgerScript(
                () -> {
                    StatefulRedisConnection<String, String> c = redis.text();
                    return c == null ? null : (RedisScriptingAsyncCommands<String, String>) c.async();
                },
                redis.prefix(),
                scale,
                KEPT_DECISIONS,
                redis::markUp,
                redis::failed);
        this.alone = new SafetyShare(scale, replicas, KEPT_DECISIONS);
        // Until durably(...) says otherwise (tests of the rules alone): counts Redis lost start anew.
        Reseed anew =
                new Reseed(script, null, Reseed.Lock.ALWAYS, alone, this.budgets, scale, modelClock, Duration.ZERO);
        this.reseed = anew;
        script.reseedWith(anew::request);
        // Spends made alone belong in the shared counts as soon as Redis answers again, not at this replica's next
        // decision with their provider: until then every other replica counts without them.
        redis.onUp(() -> this.budgets.keySet().forEach(this::flushOffline));
    }

    /**
     * Keeps the counts in PostgreSQL too, and re-seeds Redis from there when it lost them. Without this (tests of the
     * rules alone), counts Redis lost start anew as a new generation.
     *
     * @param writeBehind how often the counts are written behind (the watch's period): what a re-seed adds for
     */
    public RedisLedger durably(DurableLedger store, Reseed.Lock lock, Duration writeBehind) {
        this.durable = store;
        Reseed r = new Reseed(script, store, lock, alone, budgets, scale, modelClock, writeBehind);
        this.reseed = r;
        script.reseedWith(r::request);
        return this;
    }

    /**
     * Reads every provider's shared counts this often (and writes them behind to PostgreSQL), so that the base of the
     * safety share is recent even for a provider this replica has not spent with lately (another replica did).
     */
    /** How often this replica re-seeded the provider's counts after Redis had lost them ({@code quotegate_ledger_reseeds_total}). */
    long reseeds(String provider) {
        Reseed r = reseed;
        return r == null ? 0 : r.restored(provider);
    }

    public RedisLedger watch(Duration every) {
        watching = Flux.interval(every, every, AWAY)
                .doOnNext(t -> budgets.keySet().forEach(p -> {
                    if (redis.up()) {
                        watchOnce(p);
                    }
                }))
                .onErrorContinue((e, x) -> log.debug("watching the shared counts: {}", e.toString()))
                .subscribe();
        return this;
    }

    @Override
    public void close() {
        Disposable d = watching;
        if (d != null) {
            d.dispose();
        }
    }

    @Override
    public Mono<Decision> reserve(Spend spend) {
        return Mono.defer(() -> {
            Budget budget = budgets.get(spend.provider());
            Instant now = modelClock.instant();
            if (budget == null) {
                Decision d = Decision.denied(spend, "no budget is configured for provider " + spend.provider(), null);
                return Mono.fromCompletionStage(call(
                                        spend,
                                        null,
                                        now,
                                        "log",
                                        List.of(Integer.toString(spend.credits()), "denied", d.reason()))
                                .handle((r, e) -> d))
                        .doOnNext(this::logDenial)
                        .publishOn(AWAY);
            }
            // As Shares.decide: a warm-up (a feed without a snapshot) is rationed by the hard limits only.
            Shares s = spend.purpose() == Purpose.WARM_UP
                    ? Shares.NONE
                    : shares.getOrDefault(spend.provider(), Shares.NONE);
            List<String> args = LedgerScript.reserveArgs(spend, budget, thresholds, s);
            return Mono.fromCompletionStage(
                            flushOffline(spend.provider()).thenCompose(x -> call(spend, budget, now, "reserve", args)))
                    .map(r -> {
                        long[] totals = {number(r, 3), number(r, 4), number(r, 5)};
                        heal(spend.provider(), now, alone.observed(spend.provider(), now, totals));
                        return toDecision(spend, (String) r.get(0), number(r, 1), (String) r.get(2), now);
                    })
                    .onErrorResume(e -> Mono.just(alone.decide(spend, budget, now, unwrap(e)))
                            .doOnNext(d -> {
                                if (d.kind() == Decision.Kind.WAIT) {
                                    // asked again every half second while Redis is away: not a line each time
                                    log.debug("Budget {}", d.summary());
                                }
                            }))
                    .doOnNext(d -> {
                        if (d.kind() == Decision.Kind.DENIED || !d.reason().contains("safety share")) {
                            logDenial(d);
                        }
                    })
                    .publishOn(AWAY);
        });
    }

    private static int number(List<?> r, int i) {
        return ((Number) r.get(i)).intValue();
    }

    private Decision toDecision(Spend spend, String kind, int window, String reason, Instant now) {
        Window w = window == 0 ? null : Window.values()[window - 1];
        return switch (kind) {
            case "granted" -> Decision.granted(spend);
            case "wait" ->
                Decision.waitFor(
                        spend,
                        scale.toReal(Duration.between(now, Windows.end(Window.MINUTE, now))),
                        Window.MINUTE,
                        reason);
            case "wait-next" ->
                Decision.waitFor(
                        spend,
                        scale.toReal(
                                Duration.between(now, Windows.end(Window.MINUTE, Windows.end(Window.MINUTE, now)))),
                        Window.MINUTE,
                        reason);
            default -> Decision.denied(spend, reason, w);
        };
    }

    @Override
    public Mono<Void> reconcile(String provider, ReportedUsage usage) {
        if (usage.isEmpty() || !budgets.containsKey(provider)) {
            return Mono.empty();
        }
        return Mono.defer(() -> {
            Instant now = modelClock.instant();
            List<String> args = new ArrayList<>();
            for (Window w : Window.values()) {
                Long v = usage.used().get(w);
                args.add(v == null ? "-1" : Long.toString(v));
            }
            return Mono.fromCompletionStage(call(provider, now, "sync", args))
                    .doOnError(e -> log.warn(
                            "Header sync for {} not shared (Redis: {}); the provider's own count still applies"
                                    + " at its end",
                            provider,
                            unwrap(e).getMessage()))
                    .onErrorResume(e -> Mono.empty())
                    .then()
                    .publishOn(AWAY);
        });
    }

    @Override
    public Mono<Void> holdMinute(String provider) {
        Budget budget = budgets.get(provider);
        if (budget == null || budget.limit(Window.MINUTE).isEmpty()) {
            return Mono.empty();
        }
        return Mono.defer(() -> Mono.fromCompletionStage(call(
                        provider, modelClock.instant(), "hold", List.of(LedgerScript.limit(budget, Window.MINUTE))))
                .onErrorResume(e -> Mono.empty())
                .then()
                .publishOn(AWAY));
    }

    @Override
    public Mono<Void> banUntil(String provider, Instant until) {
        return Mono.defer(() -> {
            Instant now = modelClock.instant();
            long ms = Duration.between(scale.toReal(now), until).toMillis();
            if (ms <= 0 || !budgets.containsKey(provider)) {
                return Mono.empty();
            }
            return Mono.fromCompletionStage(call(provider, now, "ban", List.of(until.toString(), Long.toString(ms))))
                    .onErrorResume(e -> Mono.empty())
                    .then()
                    .publishOn(AWAY);
        });
    }

    /**
     * The provider's windows as Redis holds them; while it cannot say (away, or being re-seeded), what was last seen
     * here plus what was spent here alone since.
     */
    @Override
    public Usage usage(String provider) {
        Budget budget = budgets.get(provider);
        Instant now = modelClock.instant();
        Map<Window, Map<String, Long>> counts = read(provider, now);
        if (counts == null) {
            counts = new EnumMap<>(Window.class);
            for (Window w : Window.values()) {
                counts.put(w, Map.of("_t", alone.known(provider, w, now)));
            }
        }
        Map<Window, Map<String, Long>> tallies = counts;
        return Usage.of(provider, budget, now, scale, thresholds, w -> {
            Map<String, Long> byFeed = new HashMap<>(tallies.get(w));
            long total = byFeed.getOrDefault("_t", 0L);
            byFeed.remove("_t");
            return new Usage.Tally(total, Map.copyOf(byFeed));
        });
    }

    /**
     * Reads the provider's shared counts at {@code now} ({@code _t} is each window's total), or null when Redis cannot
     * say (away, or the counts are being re-seeded). Reading also keeps the base of the safety share recent and raises
     * a count Redis lost writes of.
     */
    private @Nullable Map<Window, Map<String, Long>> read(String provider, Instant now) {
        try {
            List<?> r = script.call(provider, budgets.get(provider), now, "usage", "-", "-", List.of())
                    .toCompletableFuture()
                    .get(2, TimeUnit.SECONDS);
            String g = (String) r.get(0);
            if (g.isEmpty()) {
                Reseed re = reseed;
                if (re != null) {
                    re.request(provider);
                }
                return null;
            }
            script.generation(provider, g);
            Map<Window, Map<String, Long>> counts = new EnumMap<>(Window.class);
            Map<Window, Map<String, Long>> next = new EnumMap<>(Window.class);
            for (Window w : Window.values()) {
                counts.put(w, LedgerScript.hash((List<?>) r.get(1 + w.ordinal())));
                next.put(w, LedgerScript.hash((List<?>) r.get(4 + w.ordinal())));
            }
            Map<Window, Long> lost = alone.remember(provider, now, counts, next);
            heal(provider, now, lost);
            // What this replica shows never goes down either: the count it saw, until the raise is in, and what it
            // spent alone, until that is added.
            lost.forEach((w, had) -> {
                Map<String, Long> raised = new HashMap<>(counts.get(w));
                raised.put("_t", had);
                counts.put(w, raised);
            });
            if (alone.pending(provider)) {
                for (Window w : Window.values()) {
                    Map<String, Long> withAlone = new HashMap<>(counts.get(w));
                    withAlone.merge("_t", alone.spentAlone(provider, w, now), Long::sum);
                    counts.put(w, withAlone);
                }
            }
            return counts;
        } catch (Exception e) {
            log.debug(
                    "shared counts of {} not readable: {}", provider, unwrap(e).toString());
            return null;
        }
    }

    /** One turn of the watch: reads the provider's shared counts and writes them behind to PostgreSQL. */
    void watchOnce(String provider) {
        try {
            flushOffline(provider).toCompletableFuture().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug(
                    "spends made alone with {} not added yet: {}",
                    provider,
                    unwrap(e).toString());
        }
        Instant now = modelClock.instant();
        Map<Window, Map<String, Long>> counts = read(provider, now);
        DurableLedger store = durable;
        if (counts != null && store != null) {
            store.writeBehind(provider, now, counts);
        }
    }

    /** Every provider's decision log, merged in time order, the last {@link #KEPT_DECISIONS}. */
    @Override
    public List<DecisionRecord> recentDecisions() {
        StatefulRedisConnection<String, String> c = redis.text();
        if (c != null) {
            try {
                List<CompletableFuture<List<String>>> logs = new ArrayList<>();
                for (String provider : budgets.keySet()) {
                    logs.add(c.async()
                            .lrange(script.decisionsKey(provider), 0, -1)
                            .toCompletableFuture());
                }
                CompletableFuture.allOf(logs.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
                List<DecisionRecord> out = new ArrayList<>();
                for (CompletableFuture<List<String>> l : logs) {
                    l.join().forEach(line -> out.add(LedgerScript.parse(line)));
                }
                out.sort(Comparator.comparing(DecisionRecord::at));
                lastShared = List.copyOf(out.subList(Math.max(0, out.size() - KEPT_DECISIONS), out.size()));
            } catch (Exception e) {
                log.debug("decision log not readable: {}", e.toString());
            }
        }
        return alone.withLocal(lastShared);
    }

    private CompletionStage<List<?>> call(
            Spend spend, @Nullable Budget budget, Instant now, String op, List<String> args) {
        return script.call(
                spend.provider(), budget, now, op, spend.feed(), spend.purpose().label(), args);
    }

    /** An operation of the provider itself (no feed): its purpose in the shared log is the operation's. */
    private CompletionStage<List<?>> call(String provider, Instant now, String op, List<String> args) {
        String purpose = switch (op) {
            case "sync" -> "header-sync";
            case "hold" -> "rate-limited";
            case "ban" -> "ban";
            case "raise" -> "lost-writes";
            default -> "-";
        };
        return script.call(provider, budgets.get(provider), now, op, "-", purpose, args);
    }

    /** Raises windows Redis reported lower than this replica saw them (writes lost in a fail-over). */
    private void heal(String provider, Instant now, Map<Window, Long> lost) {
        if (lost.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>();
        for (Window w : Window.values()) {
            Long v = lost.get(w);
            args.add(v == null ? "-1" : Long.toString(v));
        }
        log.warn("Redis reported {} lower than this replica saw it ({}): raising the counts back", provider, lost);
        call(provider, now, "raise", args).exceptionally(e -> {
            log.warn("Could not raise the counts of {}: {}", provider, unwrap(e).getMessage());
            return List.of();
        });
    }

    /** Adds what was spent here while Redis was away to the shared counts, before anything else is decided. */
    private CompletionStage<Void> flushOffline(String provider) {
        if (!alone.pending(provider)) {
            return CompletableFuture.completedFuture(null);
        }
        List<SafetyShare.Offline> pending = alone.drain(provider);
        Instant now = modelClock.instant();
        return call(provider, now, "add", LedgerScript.addArgs(pending, now)).handle((x, e) -> {
            if (e != null) {
                alone.restore(provider, pending);
                throw new CompletionException(unwrap(e));
            }
            log.info(
                    "Shared counts of {} reachable again: {} spends made alone were added to them",
                    provider,
                    pending.size());
            alone.shared();
            return null;
        });
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private void logDenial(Decision decision) {
        if (!decision.granted()) {
            log.info("Budget {}", decision.summary());
        }
    }
}
