package io.quotegate.client;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** The billing period: the UTC calendar month. Monthly counters reset at 00:00 UTC on the 1st. */
public record BillingPeriod(Instant start, Instant nextReset, long daysLeft) {

    public static BillingPeriod at(Instant now) {
        YearMonth month = month(now);
        Instant start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant next = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        long seconds = Duration.between(now, next).toSeconds();
        return new BillingPeriod(start, next, (seconds + 86_399) / 86_400);
    }

    public static YearMonth month(Instant now) {
        return YearMonth.from(now.atOffset(ZoneOffset.UTC));
    }

    /** Whole seconds from {@code now} to the next reset, at least 1. */
    public long secondsLeft(Instant now) {
        return Math.max(1, Duration.between(now, nextReset).toSeconds());
    }
}
