package io.quotegate.logging;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * How a dependency that is away (Redis, PostgreSQL) is told in the log while something keeps trying it: a WARN at the
 * first failed try, DEBUG for the tries after it, the WARN again as a reminder once every {@link #REMIND} while it
 * lasts, and an INFO when a try succeeds again. A try every half second is then one line, not two a second.
 * Thread-safe; the reminder runs on real time (it is about the log, not the model).
 */
public final class Outage {

    private final Logger log;
    private final long remindNanos;
    private int failedTries;
    private long warnedAt;

    /** How often the WARN is repeated while an outage lasts. */
    public static final Duration REMIND = Duration.ofMinutes(1);

    public Outage(Logger log) {
        this(log, REMIND);
    }

    Outage(Logger log, Duration remind) {
        this.log = log;
        this.remindNanos = remind.toNanos();
    }

    /** A try failed; {@code message} says what and why (SLF4J's {@code {}} with {@code args}). */
    public synchronized void failed(String message, @Nullable Object... args) {
        failedTries++;
        long now = System.nanoTime();
        if (failedTries == 1) {
            warnedAt = now;
            log.warn(message, args);
        } else if (now - warnedAt >= remindNanos) {
            warnedAt = now;
            log.warn(message + " (still, " + failedTries + " tries)", args);
        } else if (log.isDebugEnabled()) {
            log.debug(message + " (try " + failedTries + ")", args);
        }
    }

    /** A try succeeded: an INFO with {@code message} if tries had failed before it, nothing otherwise. */
    public synchronized void over(String message, @Nullable Object... args) {
        if (failedTries > 0) {
            log.info(message + " (after " + failedTries + " failed tries)", args);
            failedTries = 0;
        }
    }

    /** Failed tries since the last success. */
    public synchronized int failedTries() {
        return failedTries;
    }
}
