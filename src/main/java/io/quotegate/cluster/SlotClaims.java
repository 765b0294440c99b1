package io.quotegate.cluster;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which replica runs a slot: a claim in Redis keyed by feed and slot instant, so a slot runs once for the cluster
 * whoever fires it (the clustered scheduler, or a replica's local schedule while PostgreSQL is lost). A claim has a
 * lease the running replica renews every heartbeat; a replica that dies mid-slot stops renewing it, and once it
 * lapses another replica takes the slot over ({@link Outcome#RECOVERED}). A finished slot is marked done, so it never
 * runs again.
 *
 * <p>Two keys per slot, sharing the hash tag {@code {<cluster>:slot:<feed>}}: the state ({@code run <owner>} or
 * {@code done <owner>}, kept a day) and the lease (the owner, expiring unless renewed). One script decides, atomically.
 */
public final class SlotClaims {

    private static final Logger log = LoggerFactory.getLogger(SlotClaims.class);
    private static final Duration KEEP = Duration.ofDays(1);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(1);
    private static final String CLAIM = """
            local s = redis.call('GET', KEYS[1])
            if not s then
              if ARGV[4] == 'peek' then return {'free', ''} end
              redis.call('SET', KEYS[1], 'run ' .. ARGV[1], 'PX', ARGV[3])
              redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
              return {'claimed', ''}
            end
            local kind, owner = string.match(s, '^(%S+) (%S+)')
            if kind == 'done' then return {'done', owner} end
            if redis.call('EXISTS', KEYS[2]) == 1 then return {'held', owner} end
            if ARGV[4] == 'peek' then return {'lapsed', owner} end
            redis.call('SET', KEYS[1], 'run ' .. ARGV[1] .. ' ' .. owner, 'PX', ARGV[3])
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            return {'recovered', owner}
            """;
    private static final String RENEW = """
            if redis.call('GET', KEYS[2]) == ARGV[1] then
              redis.call('PEXPIRE', KEYS[2], ARGV[2])
              return 1
            end
            return 0
            """;
    private static final String DONE = """
            redis.call('SET', KEYS[1], 'done ' .. ARGV[1], 'PX', ARGV[2])
            redis.call('DEL', KEYS[2])
            return 1
            """;

    /** What a claim found. */
    public enum Outcome {
        /** Nobody had it: this replica runs the slot. */
        CLAIMED,
        /** Its replica stopped renewing it mid-slot: this replica runs the slot instead. */
        RECOVERED,
        /** Another replica runs it now. */
        HELD,
        /** It ran. */
        DONE,
        /** Nobody has it yet ({@link #peek} only). */
        FREE,
        /** Its replica stopped renewing it ({@link #peek} only). */
        LAPSED,
        /** Redis did not answer: nobody can say. */
        UNKNOWN
    }

    /** A claim's outcome and the replica it names: the holder, the one that finished it, or the one that died. */
    public record Claim(Outcome outcome, String replica) {}

    private final Supplier<@Nullable RedisScriptingAsyncCommands<String, String>> commands;
    private final String prefix;
    private final Runnable up;
    private final Consumer<Throwable> failed;
    private final String instance;
    private final Duration lease;

    /**
     * @param instance this replica's id (the heartbeat's)
     * @param lease    how long a claim lives without renewal (three heartbeats)
     */
    public SlotClaims(RedisLink redis, String instance, Duration lease) {
        this(
                () -> {
                    StatefulRedisConnection<String, String> c = redis.text();
                    return c == null ? null : c.async();
                },
                redis.prefix(),
                redis::markUp,
                redis::failed,
                instance,
                lease);
    }

    /** Claims on any connection that runs scripts (a Redis Cluster's too: both keys of a slot share a hash tag). */
    SlotClaims(
            Supplier<@Nullable RedisScriptingAsyncCommands<String, String>> commands,
            String prefix,
            Runnable up,
            Consumer<Throwable> failed,
            String instance,
            Duration lease) {
        this.commands = commands;
        this.prefix = prefix;
        this.up = up;
        this.failed = failed;
        this.instance = instance;
        this.lease = lease;
    }

    public Duration lease() {
        return lease;
    }

    public String instance() {
        return instance;
    }

    /** Claims the slot for this replica: CLAIMED, RECOVERED (taken over), HELD, DONE or UNKNOWN. */
    public Claim claim(String feed, Instant slot) {
        return run(feed, slot, "claim");
    }

    /** What the slot's claim says, without claiming: FREE, HELD, LAPSED, DONE or UNKNOWN. */
    public Claim peek(String feed, Instant slot) {
        return run(feed, slot, "peek");
    }

    /** Renews this replica's lease on the slot; false when it is not (any longer) this replica's. */
    public boolean renew(String feed, Instant slot) {
        return Long.valueOf(1)
                .equals(eval(RENEW, ScriptOutputType.INTEGER, feed, slot, Long.toString(lease.toMillis())));
    }

    /** Marks the slot as run: nobody runs it again. */
    public void done(String feed, Instant slot) {
        eval(DONE, ScriptOutputType.INTEGER, feed, slot, Long.toString(KEEP.toMillis()));
    }

    private Claim run(String feed, Instant slot, String mode) {
        Object r = eval(
                CLAIM,
                ScriptOutputType.MULTI,
                feed,
                slot,
                Long.toString(lease.toMillis()),
                Long.toString(KEEP.toMillis()),
                mode);
        if (!(r instanceof List<?> answer) || answer.size() < 2) {
            return new Claim(Outcome.UNKNOWN, "");
        }
        return new Claim(
                Outcome.valueOf(((String) answer.get(0)).toUpperCase(java.util.Locale.ROOT)), (String) answer.get(1));
    }

    private Object eval(String script, ScriptOutputType type, String feed, Instant slot, String... more) {
        RedisScriptingAsyncCommands<String, String> c = commands.get();
        if (c == null) {
            return "unknown";
        }
        String tag = "{" + prefix + ":slot:" + feed + "}:" + slot.toEpochMilli();
        String[] keys = {tag, tag + ":lease"};
        String[] args = new String[1 + more.length];
        args[0] = instance;
        System.arraycopy(more, 0, args, 1, more.length);
        try {
            Object out = c.eval(script, type, keys, args)
                    .toCompletableFuture()
                    .get(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            up.run();
            return out == null ? "unknown" : out;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause =
                    e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            failed.accept(cause);
            log.debug("slot claim of {} at {}: Redis did not answer ({})", feed, slot, cause.toString());
            return "unknown";
        }
    }
}
