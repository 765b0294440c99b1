package io.quotegate.client;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The data of an SSE {@code warning} event: a client crossed {@code warn-at} of a limit, or reached it.
 *
 * @param type       {@code rate_limit_warning}, {@code data_limit_warning} or {@code stream_limit_warning}
 * @param name       the limit's key, e.g. {@code messages-per-month}
 * @param limit      the limit's size
 * @param used       how much of it is used
 * @param percentage used / limit in percent, one decimal
 * @param resetAt    when the count resets (null for streams: they free as they close)
 */
public record Warning(
        String type,
        String name,
        long limit,
        long used,
        double percentage,
        @Nullable Instant resetAt,
        String message) {

    /** Whether this warning ends a stream: a monthly limit has run out. */
    public boolean endsStream() {
        return used >= limit
                && (name.equals(Limit.MESSAGES_PER_MONTH.key()) || name.equals(Limit.BYTES_PER_MONTH.key()));
    }

    static double percent(long used, long limit) {
        return limit <= 0 ? 0.0 : Math.round(used * 1000.0 / limit) / 10.0;
    }
}
