package io.quotegate.client;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** When a count crosses {@code warn-at} of a limit or reaches it, and the warning that says so. */
final class Crossings {

    private final double warnAt;

    Crossings(double warnAt) {
        this.warnAt = warnAt;
    }

    double warnAt() {
        return warnAt;
    }

    /** 0 below {@code warn-at}, 1 from {@code warn-at}, 2 at or past the limit. */
    int level(long used, long size) {
        return used >= size ? 2 : used >= warnAt * size ? 1 : 0;
    }

    /** The smallest count at or past {@code warn-at} of a limit. */
    long warnCount(long size) {
        return (long) Math.ceil(warnAt * size);
    }

    /** A warning when going from {@code before} to {@code after} crosses warn-at or reaches the limit. */
    Optional<Warning> crossing(Limit limit, long before, long after, long size, @Nullable Instant resetAt) {
        if (size <= 0 || after <= before) {
            return Optional.empty();
        }
        boolean full = before < size && after >= size;
        boolean warn = before < warnAt * size && after >= warnAt * size;
        if (!full && !warn) {
            return Optional.empty();
        }
        return Optional.of(warning(limit, after, size, resetAt));
    }

    /** The warning that {@code used} of a limit is past {@code warn-at}, or (at or past its size) used up. */
    Warning warning(Limit limit, long used, long size, @Nullable Instant resetAt) {
        double pct = Warning.percent(used, size);
        String text = used >= size
                ? "Limit " + limit.key() + " (" + describe(limit, size) + ") is used up"
                        + (limit.monthly() ? "; the stream ends" : "")
                : "Approaching limit " + limit.key() + " (" + describe(limit, size) + "): " + pct + " % used";
        return new Warning(
                limit.warningType(),
                limit.key(),
                size,
                used,
                pct,
                resetAt,
                text + (resetAt == null ? "." : "; it resets at " + resetAt + "."));
    }

    /** A limit's size in words, e.g. {@code 600 requests per minute}. */
    static String describe(Limit limit, long size) {
        return switch (limit) {
            case REQUESTS_PER_MINUTE -> size + " requests per minute";
            case MAX_STREAMS -> size + " concurrent streams";
            case MESSAGES_PER_MONTH -> size + " messages per month";
            case BYTES_PER_MONTH -> size + " bytes per month";
        };
    }
}
