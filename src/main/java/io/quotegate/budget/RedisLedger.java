package io.quotegate.budget;

import io.lettuce.core.api.StatefulRedisConnection;
import io.quotegate.cluster.RedisLink;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The ledger of several replicas: the same rules as {@link MemoryLedger}, with the counters in Redis.
 *
 * <p>Every operation is one Lua script call ({@code ledger.lua}, loaded once and called by EVALSHA,
 * re-sent with EVAL if Redis lost it): it reads the provider's minute, day and month windows, applies
 * the limits, the budget state and the {@link Shares} rule, increments all windows and appends the
 * decision to the shared log, atomically, in one round trip. Window keys are named by the window's start
 * on the model clock and expire after their window, so windows roll over without any reset.
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
        this.script = new LedgerScript(redis, scale, KEPT_DECISIONS);
        this.alone = new SafetyShare(scale, replicas, KEPT_DECISIONS);
    }

    private volatile reactor.core.@Nullable Disposable watching;

    /**
     * Reads every provider's shared counts this often, so that the base of the safety share is recent
     * even for a provider this replica has not spent with lately (another replica did).
     */
    public RedisLedger watch(Duration every) {
        watching = reactor.core.publisher.Flux.interval(every, every, AWAY)
                .doOnNext(t -> budgets.keySet().forEach(p -> {
                    if (redis.up()) {
                        usage(p);
                    }
                }))
                .onErrorContinue((e, x) -> log.debug("watching the shared counts: {}", e.toString()))
                .subscribe();
        return this;
    }

    @Override
    public void close() {
        reactor.core.Disposable d = watching;
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
                                        now,
                                        "log",
                                        List.of(Integer.toString(spend.credits()), "denied", d.reason()))
                                .handle((r, e) -> d))
                        .doOnNext(x -> logDenial(x))
                        .publishOn(AWAY);
            }
            // As Shares.decide: a warm-up (a feed without a snapshot) is rationed by the hard limits only.
            Shares s = spend.purpose().equals("warm-up")
                    ? Shares.NONE
                    : shares.getOrDefault(spend.provider(), Shares.NONE);
            List<String> args = LedgerScript.reserveArgs(spend, budget, thresholds, s);
            return Mono.fromCompletionStage(
                            flushOffline(spend.provider()).thenCompose(x -> call(spend, now, "reserve", args)))
                    .map(out -> {
                        List<?> r = (List<?>) out;
                        Decision d = toDecision(
                                spend, (String) r.get(0), ((Number) r.get(1)).intValue(), (String) r.get(2), now);
                        if (d.granted()) {
                            alone.bump(spend.provider(), now, spend.credits());
                        }
                        return d;
                    })
                    .onErrorResume(e -> Mono.just(alone.decide(spend, budget, now, e)))
                    .doOnNext(this::logDenial)
                    .publishOn(AWAY);
        });
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
                            e.getMessage()))
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

    @Override
    public Usage usage(String provider) {
        Budget budget = budgets.get(provider);
        Instant now = modelClock.instant();
        Map<Window, Map<String, Long>> counts = new EnumMap<>(Window.class);
        try {
            List<?> r = (List<?>) call(provider, now, "usage", List.of())
                    .toCompletableFuture()
                    .get(2, TimeUnit.SECONDS);
            for (Window w : Window.values()) {
                counts.put(w, LedgerScript.hash((List<?>) r.get(w.ordinal())));
            }
            alone.remember(provider, now, counts);
        } catch (Exception e) {
            // Redis away: what was last seen here, plus what was spent here since.
            for (Window w : Window.values()) {
                Map<String, Long> byFeed = new HashMap<>();
                byFeed.put("_t", alone.known(provider, w, now));
                counts.put(w, byFeed);
            }
        }
        return Usage.of(provider, budget, now, scale, thresholds, w -> {
            Map<String, Long> byFeed = new HashMap<>(counts.get(w));
            long total = byFeed.getOrDefault("_t", 0L);
            byFeed.remove("_t");
            return new Usage.Tally(total, Map.copyOf(byFeed));
        });
    }

    @Override
    public List<DecisionRecord> recentDecisions() {
        StatefulRedisConnection<String, String> c = redis.text();
        if (c != null) {
            try {
                List<String> raw =
                        c.async().lrange(script.decisionsKey(), 0, -1).get(2, TimeUnit.SECONDS);
                List<DecisionRecord> out = new ArrayList<>(raw.size());
                raw.forEach(line -> out.add(LedgerScript.parse(line)));
                lastShared = out;
            } catch (Exception e) {
                log.debug("decision log not readable: {}", e.toString());
            }
        }
        return alone.withLocal(lastShared);
    }

    private CompletionStage<Object> call(Spend spend, Instant now, String op, List<String> args) {
        return script.call(spend.provider(), now, op, spend.feed(), spend.purpose(), args);
    }

    /** An operation of the provider itself (no feed): its purpose in the shared log is the operation's. */
    private CompletionStage<Object> call(String provider, Instant now, String op, List<String> args) {
        String purpose = switch (op) {
            case "sync" -> "header-sync";
            case "hold" -> "rate-limited";
            case "ban" -> "ban";
            default -> "-";
        };
        return script.call(provider, now, op, "-", purpose, args);
    }

    /** Adds what was spent here while Redis was away to the shared counts, before anything else is decided. */
    private CompletionStage<Void> flushOffline(String provider) {
        List<SafetyShare.Offline> pending = alone.drain();
        if (pending.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        StatefulRedisConnection<String, String> c = redis.text();
        if (c == null) {
            alone.restore(pending);
            return CompletableFuture.failedFuture(new IllegalStateException("Redis not connected"));
        }
        return script.add(c, pending, modelClock.instant()).handle((x, e) -> {
            if (e != null) {
                alone.restore(pending);
                throw new CompletionException(e);
            }
            log.info("Redis is back: {} spends made alone were added to the shared counts", pending.size());
            alone.shared();
            return null;
        });
    }

    private void logDenial(Decision decision) {
        if (!decision.granted()) {
            log.info("Budget {}", decision.summary());
        }
    }
}
