package io.quotegate.budget;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quotegate.cluster.RedisLink;
import io.quotegate.model.Priority;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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
    private static final String SCRIPT = load("ledger.lua");
    private static final String SEP = "\u001f";
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
    private final IntSupplier replicas;
    private volatile @Nullable String sha;

    /** Counts as last read from Redis, per provider: the base of the safety share. */
    private final Map<String, Map<Window, Seen>> seen = new ConcurrentHashMap<>();
    /** Spends granted while Redis was away, per provider, not yet added to the shared counts. */
    private final Map<String, List<Offline>> offline = new LinkedHashMap<>();
    /** Decisions taken while Redis was away (and the last shared log read), for /trace. */
    private final Deque<DecisionRecord> local = new ArrayDeque<>();

    private volatile List<DecisionRecord> lastShared = List.of();

    private record Seen(Instant windowStart, long total, int replicas) {}

    private record Offline(Spend spend, Map<Window, Instant> starts) {}

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
        this.replicas = replicas;
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
            List<String> args = new ArrayList<>(List.of(
                    spend.feed(),
                    Integer.toString(spend.credits()),
                    spend.priority() == Priority.CRITICAL
                            ? "critical"
                            : spend.purpose().equals("warm-up") ? "warm-up" : "normal",
                    limit(budget, Window.MINUTE),
                    limit(budget, Window.DAY),
                    limit(budget, Window.MONTH),
                    Double.toString(thresholds.warnAt()),
                    Double.toString(thresholds.degradeAt()),
                    Double.toString(thresholds.criticalOnlyAt()),
                    Integer.toString(s.share().size())));
            s.share().forEach((feed, share) -> {
                args.add(feed);
                args.add(Double.toString(share));
                args.add(Integer.toString(s.nextSlotCost(feed)));
            });
            return Mono.fromCompletionStage(
                            flushOffline(spend.provider()).thenCompose(x -> call(spend, now, "reserve", args)))
                    .map(out -> {
                        List<?> r = (List<?>) out;
                        Decision d = toDecision(
                                spend, (String) r.get(0), ((Number) r.get(1)).intValue(), (String) r.get(2), now);
                        if (d.granted()) {
                            bump(spend.provider(), now, spend.credits());
                        }
                        return d;
                    })
                    .onErrorResume(e -> Mono.just(offlineDecision(spend, budget, now, e)))
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
        return Mono.defer(() -> Mono.fromCompletionStage(
                        call(provider, modelClock.instant(), "hold", List.of(limit(budget, Window.MINUTE))))
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
                counts.put(w, hash((List<?>) r.get(w.ordinal())));
            }
            remember(provider, now, counts);
        } catch (Exception e) {
            // Redis away: what was last seen here, plus what was spent here since.
            for (Window w : Window.values()) {
                Seen s = seenIn(provider, w, now);
                Map<String, Long> byFeed = new HashMap<>();
                byFeed.put("_t", (s == null ? 0 : s.total()) + offlineSpent(provider, w, now));
                counts.put(w, byFeed);
            }
        }
        Map<Window, Usage.WindowUsage> view = new EnumMap<>(Window.class);
        double fraction = 0;
        for (Window w : Window.values()) {
            Map<String, Long> byFeed = new HashMap<>(counts.get(w));
            long total = byFeed.getOrDefault("_t", 0L);
            byFeed.remove("_t");
            int limit = budget == null ? 0 : budget.limit(w).orElse(0);
            Instant start = Windows.start(w, now);
            view.put(
                    w,
                    new Usage.WindowUsage(
                            scale.toReal(start), scale.toReal(Windows.end(w, now)), total, limit, Map.copyOf(byFeed)));
            if (w != Window.MINUTE && budget != null && budget.limit(w).isPresent()) {
                fraction = Math.max(fraction, (double) total / limit);
            }
        }
        return new Usage(provider, view, budget == null ? ProviderState.OK : thresholds.stateFor(fraction));
    }

    @Override
    public List<DecisionRecord> recentDecisions() {
        StatefulRedisConnection<String, String> c = redis.text();
        if (c != null) {
            try {
                List<String> raw = c.async().lrange(decisionsKey(), 0, -1).get(2, TimeUnit.SECONDS);
                List<DecisionRecord> out = new ArrayList<>(raw.size());
                raw.forEach(line -> out.add(parse(line)));
                lastShared = out;
            } catch (Exception e) {
                log.debug("decision log not readable: {}", e.toString());
            }
        }
        synchronized (local) {
            if (local.isEmpty()) {
                return new ArrayList<>(lastShared);
            }
            List<DecisionRecord> out = new ArrayList<>(lastShared);
            out.addAll(local);
            return out.subList(Math.max(0, out.size() - KEPT_DECISIONS), out.size());
        }
    }

    // --- Redis ------------------------------------------------------------------------------------

    private CompletionStage<Object> call(Spend spend, Instant now, String op, List<String> args) {
        return call(spend.provider(), now, op, spend.feed(), spend.purpose(), args);
    }

    private CompletionStage<Object> call(String provider, Instant now, String op, List<String> args) {
        String purpose = switch (op) {
            case "sync" -> "header-sync";
            case "hold" -> "rate-limited";
            case "ban" -> "ban";
            default -> "-";
        };
        return call(provider, now, op, "-", purpose, args);
    }

    private CompletionStage<Object> call(
            String provider, Instant now, String op, String feed, String purpose, List<String> args) {
        StatefulRedisConnection<String, String> c = redis.text();
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis not connected yet"));
        }
        String[] keys = {
            windowKey(provider, Window.MINUTE, now),
            windowKey(provider, Window.DAY, now),
            windowKey(provider, Window.MONTH, now),
            decisionsKey(),
            redis.key("ledger:ban:" + provider)
        };
        List<String> argv = new ArrayList<>(6 + args.size());
        argv.add(op);
        for (Window w : Window.values()) {
            argv.add(Long.toString(ttlMillis(w, now)));
        }
        argv.add(String.join(SEP, Long.toString(scale.toReal(now).toEpochMilli()), provider, feed, purpose));
        argv.add(Integer.toString(KEPT_DECISIONS));
        argv.addAll(args);
        String[] values = argv.toArray(String[]::new);
        String digest = sha;
        CompletionStage<Object> first = digest == null
                ? c.async().<Object>eval(SCRIPT, ScriptOutputType.MULTI, keys, values)
                : c.async().<Object>evalsha(digest, ScriptOutputType.MULTI, keys, values);
        if (digest == null) {
            loadSha(c);
        }
        return first.handle((r, e) -> {
                    if (e == null) {
                        redis.markUp();
                        return CompletableFuture.completedFuture(r);
                    }
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause()
                            : e;
                    if (cause instanceof RedisNoScriptException) {
                        sha = null;
                        return c.async().<Object>eval(SCRIPT, ScriptOutputType.MULTI, keys, values);
                    }
                    if (!(cause instanceof io.lettuce.core.RedisCommandExecutionException)) {
                        redis.markDown(cause);
                    }
                    return CompletableFuture.<Object>failedFuture(cause);
                })
                .thenCompose(x -> x);
    }

    private void loadSha(StatefulRedisConnection<String, String> c) {
        c.async().scriptLoad(SCRIPT).thenAccept(s -> sha = s);
    }

    private String windowKey(String provider, Window w, Instant now) {
        return redis.key("ledger:" + provider + ":" + w.label() + ":"
                + Windows.start(w, now).toEpochMilli());
    }

    private String decisionsKey() {
        return redis.key("ledger:decisions");
    }

    /** Real milliseconds until the window ends, plus a little: keys expire after their window. */
    private long ttlMillis(Window w, Instant now) {
        return Math.max(
                1, scale.toReal(Duration.between(now, Windows.end(w, now))).toMillis() + 1_000);
    }

    private static String limit(Budget budget, Window w) {
        return budget.limit(w).isPresent() ? Integer.toString(budget.limit(w).getAsInt()) : "-1";
    }

    private static Map<String, Long> hash(List<?> flat) {
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put((String) flat.get(i), Long.parseLong((String) flat.get(i + 1)));
        }
        return out;
    }

    private static DecisionRecord parse(String line) {
        String[] f = line.split(SEP, 7);
        return new DecisionRecord(
                Instant.ofEpochMilli(Long.parseLong(f[0])), f[1], f[2], f[3], Integer.parseInt(f[4]), f[5], f[6]);
    }

    // --- Redis lost: the safety share -------------------------------------------------------------

    private void remember(String provider, Instant now, Map<Window, Map<String, Long>> counts) {
        Map<Window, Seen> m = seen.computeIfAbsent(provider, p -> new ConcurrentHashMap<>());
        int n = Math.max(1, replicas.getAsInt());
        counts.forEach((w, byFeed) -> m.put(w, new Seen(Windows.start(w, now), byFeed.getOrDefault("_t", 0L), n)));
    }

    private void bump(String provider, Instant now, int credits) {
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

    private synchronized Decision offlineDecision(Spend spend, Budget budget, Instant now, Throwable cause) {
        Map<Window, Seen> known = seen.get(spend.provider());
        Decision d;
        if (known == null || known.isEmpty()) {
            d = Decision.denied(
                    spend,
                    "the shared ledger (Redis) cannot be reached (" + cause.getMessage()
                            + ") and this replica has never seen its counts: nothing is spent",
                    null);
        } else {
            d = null;
            int n = known.values().stream().mapToInt(Seen::replicas).max().orElse(1);
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
                    d = w == Window.MINUTE && spend.credits() <= limit / n
                            ? Decision.waitFor(
                                    spend,
                                    scale.toReal(Duration.between(now, Windows.end(Window.MINUTE, now))),
                                    w,
                                    reason)
                            : Decision.denied(spend, reason, w);
                    break;
                }
            }
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
            while (local.size() > KEPT_DECISIONS) {
                local.removeFirst();
            }
        }
        return d;
    }

    /** Adds what was spent here while Redis was away to the shared counts, before anything else is decided. */
    private CompletionStage<Void> flushOffline(String provider) {
        List<Offline> pending;
        synchronized (this) {
            if (offline.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            pending = new ArrayList<>();
            offline.values().forEach(pending::addAll);
            offline.clear();
        }
        StatefulRedisConnection<String, String> c = redis.text();
        if (c == null) {
            restore(pending);
            return CompletableFuture.failedFuture(new IllegalStateException("Redis not connected"));
        }
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (Offline o : pending) {
            for (Window w : Window.values()) {
                Instant start = java.util.Objects.requireNonNull(o.starts().get(w), w.label());
                Instant end = Windows.end(w, start);
                Instant now = modelClock.instant();
                if (!end.isAfter(now)) {
                    continue; // that window is over: nothing left to protect in it
                }
                String key = redis.key("ledger:" + o.spend().provider() + ":" + w.label() + ":" + start.toEpochMilli());
                long ttl = Math.max(1, scale.toReal(Duration.between(now, end)).toMillis() + 1_000);
                writes.add(c.async().hincrby(key, "_t", o.spend().credits()).toCompletableFuture());
                writes.add(c.async()
                        .hincrby(key, o.spend().feed(), o.spend().credits())
                        .toCompletableFuture());
                writes.add(c.async().pexpire(key, ttl).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).handle((x, e) -> {
            if (e != null) {
                restore(pending);
                throw new java.util.concurrent.CompletionException(e);
            }
            log.info("Redis is back: {} spends made alone were added to the shared counts", pending.size());
            synchronized (local) {
                local.clear();
            }
            return null;
        });
    }

    private synchronized void restore(List<Offline> pending) {
        pending.forEach(o -> offline.computeIfAbsent(o.spend().provider(), p -> new ArrayList<>())
                .add(o));
    }

    private void logDenial(Decision decision) {
        if (!decision.granted()) {
            log.info(
                    "Budget {} {} credits for {} on {} ({}): {}",
                    decision.kind().name().toLowerCase(Locale.ROOT),
                    decision.spend().credits(),
                    decision.spend().feed(),
                    decision.spend().provider(),
                    decision.spend().purpose(),
                    decision.reason());
        }
    }

    private static String load(String name) {
        try (InputStream in = RedisLedger.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
