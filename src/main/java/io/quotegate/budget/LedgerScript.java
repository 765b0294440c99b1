package io.quotegate.budget;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.quotegate.cluster.RedisLink;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code ledger.lua} and its keys: one call per ledger operation, by EVALSHA (the script is loaded
 * once, and re-sent with EVAL when Redis lost it). Window keys are named by the window's start on the
 * model clock and expire a second after their window ends; each provider's decision log is one capped list
 * of {@code real-millis␟provider␟feed␟purpose␟credits␟kind␟reason} lines.
 *
 * <p>Every key of a provider shares the hash tag {@code {<cluster>:<provider>}} (see {@link #key}): one script call
 * touches one provider's keys only, so the script runs unchanged on a Redis Cluster, where a tag picks the slot.
 *
 * <p>Each call names the generation of the counts this replica knows. The script answers {@code generation} when
 * Redis holds another one (a replica re-seeded them meanwhile: the call is sent again with it) and {@code reseed}
 * when it holds none, or a window vanished: then the counts are re-seeded ({@link #reseedWith}) and the call sent
 * again; when that cannot be done now, the call fails with {@link Unseeded} and nothing was counted.
 */
final class LedgerScript {

    static final String SEP = "\u001f";
    private static final String SCRIPT = load("ledger.lua");

    /** Redis lost the provider's counts: nothing is decided in Redis until they are re-seeded. */
    static final class Unseeded extends RuntimeException {
        final String provider;

        Unseeded(String provider, String why) {
            super(
                    "the shared ledger of " + provider + " is being re-seeded from PostgreSQL (" + why + ")",
                    null,
                    false,
                    false);
            this.provider = provider;
        }
    }

    private final Supplier<@Nullable RedisScriptingAsyncCommands<String, String>> commands;
    private final String prefix;
    private final TimeScale scale;
    private final int keptDecisions;
    private final Runnable up;
    private final Consumer<Throwable> down;
    private final Map<String, String> generations = new ConcurrentHashMap<>();
    private volatile Function<String, CompletionStage<Boolean>> reseeder =
            p -> CompletableFuture.completedFuture(false);
    private volatile @Nullable String sha;

    /**
     * @param commands the connection's scripting commands, or null while there is none
     * @param prefix   the cluster's key prefix
     * @param up       called after every answer from Redis
     * @param down     called when Redis did not answer (not for an error Redis answered with)
     */
    LedgerScript(
            Supplier<@Nullable RedisScriptingAsyncCommands<String, String>> commands,
            String prefix,
            TimeScale scale,
            int keptDecisions,
            Runnable up,
            Consumer<Throwable> down) {
        this.commands = commands;
        this.prefix = prefix;
        this.scale = scale;
        this.keptDecisions = keptDecisions;
        this.up = up;
        this.down = down;
    }

    /**
     * What a call does when it finds a provider's counts lost: re-seed them, answering true once Redis holds a
     * generation again (done here or by another replica), false when another replica holds the re-seed's lock or it
     * failed (the call then fails with {@link Unseeded}).
     */
    void reseedWith(Function<String, CompletionStage<Boolean>> reseeder) {
        this.reseeder = reseeder;
    }

    /** The generation of a provider's counts as last seen here ("" before the first answer). */
    String generation(String provider) {
        return generations.getOrDefault(provider, "");
    }

    void generation(String provider, String g) {
        generations.put(provider, g);
    }

    /**
     * Runs operation {@code op} of the script for a provider's windows at model time {@code now}. {@code budget}
     * gives the edge guard: the windows whose next one the operation also counts in. The answer is the script's
     * list: kind, window, reason, then what the operation adds.
     */
    CompletionStage<List<?>> call(
            String provider,
            @Nullable Budget budget,
            Instant now,
            String op,
            String feed,
            String purpose,
            List<String> args) {
        return current(provider, budget, now, op, feed, purpose, args)
                .thenCompose(r -> {
                    if (!"reseed".equals(r.get(0)) || op.equals("check")) {
                        return CompletableFuture.completedFuture(r);
                    }
                    // Redis lost the counts: re-seed them (or wait for the re-seed under way here), then ask again,
                    // once.
                    return reseeder.apply(provider)
                            .thenCompose(done -> done
                                    ? current(provider, budget, now, op, feed, purpose, args)
                                    : CompletableFuture.completedFuture(r));
                })
                .thenApply(r -> {
                    if ("reseed".equals(r.get(0))) {
                        throw new Unseeded(provider, (String) r.get(2));
                    }
                    if ("generation".equals(r.get(0))) {
                        throw new IllegalStateException("the generation of " + provider + " keeps moving");
                    }
                    return r;
                });
    }

    /** One call; when Redis holds a newer generation (a replica re-seeded the counts meanwhile), a second with it. */
    private CompletionStage<List<?>> current(
            String provider,
            @Nullable Budget budget,
            Instant now,
            String op,
            String feed,
            String purpose,
            List<String> args) {
        return once(provider, budget, now, op, feed, purpose, args).thenCompose(r -> {
            if ("generation".equals(r.get(0))) {
                generations.put(provider, (String) r.get(2));
                return once(provider, budget, now, op, feed, purpose, args);
            }
            return CompletableFuture.completedFuture(r);
        });
    }

    private CompletionStage<List<?>> once(
            String provider,
            @Nullable Budget budget,
            Instant now,
            String op,
            String feed,
            String purpose,
            List<String> args) {
        RedisScriptingAsyncCommands<String, String> c = commands.get();
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis not connected yet"));
        }
        String[] keys = keys(provider, now);
        List<String> argv = new ArrayList<>(16 + args.size());
        argv.add(op);
        for (Window w : Window.values()) {
            argv.add(Long.toString(ttlMillis(Windows.end(w, now), now)));
        }
        for (Window w : Window.values()) {
            argv.add(Long.toString(ttlMillis(Windows.end(w, Windows.end(w, now)), now)));
        }
        argv.add(String.join(SEP, Long.toString(scale.toReal(now).toEpochMilli()), provider, feed, purpose));
        argv.add(Integer.toString(keptDecisions));
        argv.add(generation(provider));
        for (Window w : Window.values()) {
            argv.add(Long.toString(Windows.start(w, now).toEpochMilli()));
        }
        for (Window w : Window.values()) {
            argv.add(budget != null && EdgeGuard.reachesNext(budget, w, now, scale) ? "1" : "0");
        }
        argv.addAll(args);
        String[] values = argv.toArray(String[]::new);
        String digest = sha;
        CompletionStage<List<Object>> first = digest == null
                ? c.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, keys, values)
                : c.<List<Object>>evalsha(digest, ScriptOutputType.MULTI, keys, values);
        if (digest == null) {
            c.scriptLoad(SCRIPT).thenAccept(s -> sha = s);
        }
        return first.<CompletionStage<List<?>>>handle((r, e) -> {
                    if (e == null) {
                        up.run();
                        return CompletableFuture.<List<?>>completedFuture(r);
                    }
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof RedisNoScriptException) {
                        sha = null;
                        return c.<List<Object>>eval(SCRIPT, ScriptOutputType.MULTI, keys, values)
                                .<List<?>>thenApply(x -> x);
                    }
                    if (!(cause instanceof RedisCommandExecutionException) || RedisLink.unavailable(cause)) {
                        down.accept(cause);
                    }
                    return CompletableFuture.<List<?>>failedFuture(cause);
                })
                .thenCompose(x -> x);
    }

    /**
     * The provider's window as the ledger before hash-tagged keys kept it ({@code <prefix>:ledger:<provider>:<window>:
     * <start>}), empty when there is none: what a first generation takes over, so upgrading keeps the day's counts.
     */
    CompletionStage<Map<String, Long>> legacy(String provider, Window w, Instant start) {
        RedisScriptingAsyncCommands<String, String> c = commands.get();
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis not connected yet"));
        }
        String key = prefix + ":ledger:" + provider + ":" + w.label() + ":" + start.toEpochMilli();
        return c.<List<Object>>eval("return redis.call('HGETALL', KEYS[1])", ScriptOutputType.MULTI, key)
                .thenApply(LedgerScript::hash);
    }

    /** KEYS of every call: the provider's current and next windows, its log, its ban and its generation. */
    String[] keys(String provider, Instant now) {
        String[] keys = new String[9];
        for (Window w : Window.values()) {
            keys[w.ordinal()] = windowKey(provider, w, Windows.start(w, now));
            keys[3 + w.ordinal()] = windowKey(provider, w, Windows.end(w, now));
        }
        keys[6] = decisionsKey(provider);
        keys[7] = key(prefix, provider, "ban");
        keys[8] = key(prefix, provider, "generation");
        return keys;
    }

    /** The arguments of {@code reserve}: the spend, the limits, the thresholds and the shares. */
    static List<String> reserveArgs(Spend spend, Budget budget, Thresholds thresholds, Shares s) {
        List<String> args = new ArrayList<>(List.of(
                spend.feed(),
                Integer.toString(spend.credits()),
                spend.priority() == Priority.CRITICAL
                        ? "critical"
                        : spend.purpose() == Purpose.WARM_UP ? "warm-up" : "normal",
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
        return args;
    }

    /**
     * The arguments of {@code add}: spends granted alone while Redis was away, each with the keys (of the windows
     * at model time {@code now}) it counts in; windows that are over are left out, nothing is left to protect there.
     */
    static List<String> addArgs(List<SafetyShare.Offline> pending, Instant now) {
        List<String> args = new ArrayList<>();
        args.add(Integer.toString(pending.size()));
        for (SafetyShare.Offline o : pending) {
            char[] flags = "000000".toCharArray();
            for (Window w : Window.values()) {
                for (Instant start : o.counted(w)) {
                    if (start.equals(Windows.start(w, now))) {
                        flags[w.ordinal()] = '1';
                    } else if (start.equals(Windows.end(w, now))) {
                        flags[3 + w.ordinal()] = '1';
                    }
                }
            }
            args.add(o.spend().feed());
            args.add(Integer.toString(o.spend().credits()));
            args.add(new String(flags));
        }
        return args;
    }

    static String limit(Budget budget, Window w) {
        return budget.limit(w).isPresent() ? Integer.toString(budget.limit(w).getAsInt()) : "-1";
    }

    /** A Redis hash as a flat list of field, value, field, value... */
    static Map<String, Long> hash(List<?> flat) {
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put((String) flat.get(i), Long.parseLong((String) flat.get(i + 1)));
        }
        return out;
    }

    /** A key of one provider's ledger: {@code {<prefix>:<provider>}:<suffix>}, so one provider's keys share a slot. */
    static String key(String prefix, String provider, String suffix) {
        return "{" + prefix + ":" + provider + "}:" + suffix;
    }

    /** The key of a provider's window that starts at {@code start} (model time). */
    String windowKey(String provider, Window w, Instant start) {
        return key(prefix, provider, w.label() + ":" + start.toEpochMilli());
    }

    String decisionsKey(String provider) {
        return key(prefix, provider, "decisions");
    }

    /** Real milliseconds from {@code now} to {@code end} (model time), plus a little: keys expire after their window. */
    long ttlMillis(Instant end, Instant now) {
        return Math.max(1, scale.toReal(Duration.between(now, end)).toMillis() + 1_000);
    }

    /** One line of a decision log. */
    static DecisionRecord parse(String line) {
        String[] f = line.split(SEP, 7);
        return new DecisionRecord(
                Instant.ofEpochMilli(Long.parseLong(f[0])), f[1], f[2], f[3], Integer.parseInt(f[4]), f[5], f[6]);
    }

    private static String load(String name) {
        try (InputStream in = LedgerScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
