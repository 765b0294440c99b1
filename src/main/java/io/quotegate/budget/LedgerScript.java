package io.quotegate.budget;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quotegate.cluster.RedisLink;
import io.quotegate.model.Priority;
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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * {@code ledger.lua} and its keys: one call per ledger operation, by EVALSHA (the script is loaded
 * once, and re-sent with EVAL when Redis lost it). Window keys are named by the window's start on the
 * model clock and expire a second after their window ends; the shared decision log is one capped list
 * of {@code real-millis␟provider␟feed␟purpose␟credits␟kind␟reason} lines.
 */
final class LedgerScript {

    static final String SEP = "\u001f";
    private static final String SCRIPT = load("ledger.lua");

    private final RedisLink redis;
    private final TimeScale scale;
    private final int keptDecisions;
    private volatile @Nullable String sha;

    LedgerScript(RedisLink redis, TimeScale scale, int keptDecisions) {
        this.redis = redis;
        this.scale = scale;
        this.keptDecisions = keptDecisions;
    }

    /** Runs operation {@code op} of the script for a provider's windows at model time {@code now}. */
    CompletionStage<Object> call(
            String provider, Instant now, String op, String feed, String purpose, List<String> args) {
        StatefulRedisConnection<String, String> c = redis.text();
        if (c == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("Redis not connected yet"));
        }
        String[] keys = {
            windowKey(provider, Window.MINUTE, Windows.start(Window.MINUTE, now)),
            windowKey(provider, Window.DAY, Windows.start(Window.DAY, now)),
            windowKey(provider, Window.MONTH, Windows.start(Window.MONTH, now)),
            decisionsKey(),
            redis.key("ledger:ban:" + provider)
        };
        List<String> argv = new ArrayList<>(6 + args.size());
        argv.add(op);
        for (Window w : Window.values()) {
            argv.add(Long.toString(ttlMillis(w, now)));
        }
        argv.add(String.join(SEP, Long.toString(scale.toReal(now).toEpochMilli()), provider, feed, purpose));
        argv.add(Integer.toString(keptDecisions));
        argv.addAll(args);
        String[] values = argv.toArray(String[]::new);
        String digest = sha;
        CompletionStage<Object> first = digest == null
                ? c.async().<Object>eval(SCRIPT, ScriptOutputType.MULTI, keys, values)
                : c.async().<Object>evalsha(digest, ScriptOutputType.MULTI, keys, values);
        if (digest == null) {
            c.async().scriptLoad(SCRIPT).thenAccept(s -> sha = s);
        }
        return first.handle((r, e) -> {
                    if (e == null) {
                        redis.markUp();
                        return CompletableFuture.completedFuture(r);
                    }
                    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof RedisNoScriptException) {
                        sha = null;
                        return c.async().<Object>eval(SCRIPT, ScriptOutputType.MULTI, keys, values);
                    }
                    if (!(cause instanceof RedisCommandExecutionException)) {
                        redis.markDown(cause);
                    }
                    return CompletableFuture.<Object>failedFuture(cause);
                })
                .thenCompose(x -> x);
    }

    /** The arguments of {@code reserve}: the spend, the limits, the thresholds and the shares. */
    static List<String> reserveArgs(Spend spend, Budget budget, Thresholds thresholds, Shares s) {
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
        return args;
    }

    /** Adds spends made alone to the shared counts of the windows they fell in that are not over yet. */
    CompletableFuture<Void> add(
            StatefulRedisConnection<String, String> c, List<SafetyShare.Offline> pending, Instant now) {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (SafetyShare.Offline o : pending) {
            for (Window w : Window.values()) {
                Instant start = Objects.requireNonNull(o.starts().get(w), w.label());
                if (!Windows.end(w, start).isAfter(now)) {
                    continue; // that window is over: nothing left to protect in it
                }
                String key = windowKey(o.spend().provider(), w, start);
                writes.add(c.async().hincrby(key, "_t", o.spend().credits()).toCompletableFuture());
                writes.add(c.async()
                        .hincrby(key, o.spend().feed(), o.spend().credits())
                        .toCompletableFuture());
                writes.add(c.async().pexpire(key, ttlMillis(w, now)).toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
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

    /** The key of a provider's window that starts at {@code start} (model time). */
    String windowKey(String provider, Window w, Instant start) {
        return redis.key("ledger:" + provider + ":" + w.label() + ":" + start.toEpochMilli());
    }

    String decisionsKey() {
        return redis.key("ledger:decisions");
    }

    /** Real milliseconds until the window ends, plus a little: keys expire after their window. */
    long ttlMillis(Window w, Instant now) {
        return Math.max(
                1, scale.toReal(Duration.between(now, Windows.end(w, now))).toMillis() + 1_000);
    }

    /** One line of the shared decision log. */
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
