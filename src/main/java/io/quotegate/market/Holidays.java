package io.quotegate.market;

import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The days a market is closed: public holidays of a jollyday calendar (an exchange calendar such as
 * {@code NYSE}, {@code NYSE_EURONEXT}, {@code TARGET}, or a country code such as {@code gb}, {@code jp}),
 * plus committed corrections: {@code add} closes more days, {@code remove} opens days the library closes.
 * A correction is {@code MM-DD} (every year), {@code YYYY-MM-DD} (once) or, in {@code add},
 * {@code EASTER-2} (Good Friday) and other offsets from Western Easter Sunday.
 */
public final class Holidays {

    public static final Holidays NONE = new Holidays("none", null, List.of(), List.of());

    private final String calendar;
    private final @Nullable HolidayManager manager;
    private final Set<MonthDay> addEvery = new HashSet<>();
    private final Set<LocalDate> addOnce = new HashSet<>();
    private final Set<MonthDay> removeEvery = new HashSet<>();
    private final Set<LocalDate> removeOnce = new HashSet<>();
    private final Set<Integer> addEaster = new HashSet<>();
    private final Map<Integer, Set<LocalDate>> byYear = new ConcurrentHashMap<>();

    private Holidays(String calendar, @Nullable HolidayManager manager, List<String> add, List<String> remove) {
        this.calendar = calendar;
        this.manager = manager;
        add.forEach(d -> {
            if (d.toUpperCase(Locale.ROOT).startsWith("EASTER")) {
                addEaster.add(easterOffset(d));
            } else {
                parse(d, addEvery, addOnce);
            }
        });
        remove.forEach(d -> parse(d, removeEvery, removeOnce));
    }

    /** @param calendar a {@link HolidayCalendar} name, an ISO country code, or {@code none} */
    public static Holidays of(String calendar, List<String> add, List<String> remove) {
        if (calendar.equalsIgnoreCase("none")) {
            return new Holidays("none", null, add, remove);
        }
        HolidayManager manager;
        try {
            manager = HolidayCalendars.manager(calendar);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "'" + calendar + "' is no holiday calendar: use none, an exchange calendar"
                            + " (NYSE, NYSE_EURONEXT, TARGET, LME, ...) or a country code (gb, de, jp, hk, au, ch, es, in, ...)");
        }
        return new Holidays(calendar, manager, add, remove);
    }

    private static void parse(String text, Set<MonthDay> every, Set<LocalDate> once) {
        try {
            if (text.length() == 5) {
                every.add(MonthDay.parse("--" + text));
            } else {
                once.add(LocalDate.parse(text));
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a day: write MM-DD (every year) or YYYY-MM-DD (once)");
        }
    }

    public boolean closed(LocalDate day) {
        if (removeOnce.contains(day) || removeEvery.contains(MonthDay.from(day))) {
            return false;
        }
        if (addOnce.contains(day)
                || addEvery.contains(MonthDay.from(day))
                || addEaster.contains((int) java.time.temporal.ChronoUnit.DAYS.between(easter(day.getYear()), day))) {
            return true;
        }
        if (manager == null) {
            return false;
        }
        int year = day.getYear();
        if (year < FIRST_YEAR || year > LAST_YEAR) {
            // Seconds mode runs the model clock 60 times faster, so model time is thousands of years ahead, where
            // the library's lunar and Hijrah calendars have no data. Such a year borrows the holidays of a
            // year of this century with the same weekdays and leap day (fixed-date holidays land right; moving
            // ones come from the borrowed year).
            int borrowed = equivalentYear(year);
            return byYear.computeIfAbsent(borrowed, this::load)
                    .contains(LocalDate.of(borrowed, day.getMonth(), day.getDayOfMonth()));
        }
        return byYear.computeIfAbsent(year, this::load).contains(day);
    }

    static final int FIRST_YEAR = 1950;
    static final int LAST_YEAR = 2099;

    /** A year of 2000-2099 that starts on the same weekday and has the same leap day. */
    static int equivalentYear(int year) {
        boolean leap = Year.isLeap(year);
        java.time.DayOfWeek first = LocalDate.of(year, 1, 1).getDayOfWeek();
        for (int y = 2000; y <= 2099; y++) {
            if (Year.isLeap(y) == leap && LocalDate.of(y, 1, 1).getDayOfWeek() == first) {
                return y;
            }
        }
        throw new IllegalStateException("no equivalent year for " + year);
    }

    private Set<LocalDate> load(int year) {
        Set<LocalDate> days = new HashSet<>();
        if (manager != null) {
            try {
                manager.getHolidays(Year.of(year), HolidayType.PUBLIC_HOLIDAY).forEach(h -> {
                    // Both the day and the day it is observed on (a Saturday holiday moved to Friday or Monday).
                    days.add(h.getDate());
                    days.add(h.getActualDate());
                });
            } catch (java.time.DateTimeException e) {
                // A lunar or Hijrah rule without data for this year: the other holidays of the year are lost too,
                // so the market counts as open on them (spending, never starving).
                return Set.of();
            }
        }
        return Set.copyOf(days);
    }

    private static int easterOffset(String text) {
        String rest = text.substring("EASTER".length()).trim();
        try {
            return rest.isEmpty() ? 0 : Integer.parseInt(rest.startsWith("+") ? rest.substring(1) : rest);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not EASTER+N or EASTER-N (Good Friday is EASTER-2)");
        }
    }

    /** Western Easter Sunday (anonymous Gregorian algorithm). */
    static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = ((h + l - 7 * m + 114) % 31) + 1;
        return LocalDate.of(year, month, day);
    }

    public String calendar() {
        return calendar;
    }
}
