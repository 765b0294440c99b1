package io.quotegate.market;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One weekly session in exchange-local time: {@code MON-FRI 09:30-16:00}. A session whose close is at
 * or before its open runs into the next day ({@code SUN-THU 17:00-16:00} is CME Globex: Sunday 17:00 to
 * Monday 16:00, ..., Thursday 17:00 to Friday 16:00). A session belongs to the trading day on which it
 * closes, so a holiday on that day cancels it.
 */
public record WeeklySession(Set<DayOfWeek> days, LocalTime open, LocalTime close) {

    private static final Pattern SYNTAX =
            Pattern.compile("([A-Z]{3})(?:-([A-Z]{3}))?\\s+(\\d{1,2}:\\d{2})-(\\d{1,2}:\\d{2})");

    public WeeklySession {
        days = Set.copyOf(days);
    }

    public boolean overnight() {
        return !close.isAfter(open);
    }

    /** Parses {@code DAY[-DAY] HH:MM-HH:MM}; days are MON..SUN, a range may wrap (FRI-MON). */
    public static WeeklySession parse(String text) {
        Matcher m = SYNTAX.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a session: write DAY[-DAY] HH:MM-HH:MM, e.g. MON-FRI 09:30-16:00");
        }
        DayOfWeek from = day(m.group(1), text);
        DayOfWeek to = m.group(2) == null ? from : day(m.group(2), text);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek d = from; ; d = d.plus(1)) {
            days.add(d);
            if (d == to) {
                break;
            }
        }
        try {
            return new WeeklySession(days, LocalTime.parse(pad(m.group(3))), LocalTime.parse(pad(m.group(4))));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' has a time that is not HH:MM (00:00 to 23:59)");
        }
    }

    private static String pad(String hhmm) {
        return hhmm.length() == 4 ? "0" + hhmm : hhmm;
    }

    private static DayOfWeek day(String abbrev, String text) {
        for (DayOfWeek d : DayOfWeek.values()) {
            if (d.name().startsWith(abbrev)) {
                return d;
            }
        }
        throw new IllegalArgumentException(
                "'" + text + "' names no day '" + abbrev + "': use MON TUE WED THU FRI SAT SUN");
    }
}
