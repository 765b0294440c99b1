package io.quotegate.budget;

import io.quotegate.model.Window;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** UTC calendar boundaries of the budget windows. */
public final class Windows {

    private Windows() {}

    public static Instant start(Window window, Instant t) {
        return switch (window) {
            case MINUTE -> t.truncatedTo(ChronoUnit.MINUTES);
            case DAY -> t.truncatedTo(ChronoUnit.DAYS);
            case MONTH ->
                ZonedDateTime.ofInstant(t, ZoneOffset.UTC)
                        .toLocalDate()
                        .withDayOfMonth(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
        };
    }

    public static Instant end(Window window, Instant t) {
        Instant start = start(window, t);
        return switch (window) {
            case MINUTE -> start.plus(1, ChronoUnit.MINUTES);
            case DAY -> start.plus(1, ChronoUnit.DAYS);
            case MONTH ->
                ZonedDateTime.ofInstant(start, ZoneOffset.UTC).plusMonths(1).toInstant();
        };
    }
}
