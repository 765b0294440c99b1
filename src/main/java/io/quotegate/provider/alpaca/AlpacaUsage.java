package io.quotegate.provider.alpaca;

import io.quotegate.model.ReportedUsage;
import io.quotegate.model.Window;
import io.quotegate.provider.RawResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Alpaca's own count of our calls, when it sends it: {@code X-RateLimit-Limit} (calls a minute, 200 on the
 * free plan), {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} (Unix seconds when the window
 * resets). Alpaca documents the headers for its trading API; on market-data answers they are used when
 * present and ignored when not.
 */
final class AlpacaUsage {

    static final String LIMIT = "X-RateLimit-Limit";
    static final String REMAINING = "X-RateLimit-Remaining";
    static final String RESET = "X-RateLimit-Reset";

    private AlpacaUsage() {}

    /** Calls used in the current minute ({@code limit - remaining}), or none when either header is missing. */
    static ReportedUsage of(RawResponse raw) {
        OptionalLong limit = raw.longHeader(LIMIT);
        OptionalLong remaining = raw.longHeader(REMAINING);
        if (limit.isEmpty() || remaining.isEmpty() || remaining.getAsLong() > limit.getAsLong()) {
            return ReportedUsage.NONE;
        }
        return ReportedUsage.of(Window.MINUTE, limit.getAsLong() - Math.max(0, remaining.getAsLong()));
    }

    /** {@code Retry-After}, else the time until {@code X-RateLimit-Reset}; null when neither says. */
    static @Nullable Duration retryAfter(RawResponse raw, Clock clock) {
        Duration header = raw.retryAfter(clock).orElse(null);
        if (header != null) {
            return header;
        }
        OptionalLong reset = raw.longHeader(RESET);
        if (reset.isEmpty()) {
            return null;
        }
        Duration until = Duration.between(clock.instant(), Instant.ofEpochSecond(reset.getAsLong()));
        return until.isNegative() ? Duration.ZERO : until;
    }
}
