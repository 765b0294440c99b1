package io.quotegate.market;

import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import java.time.Year;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * jollyday's holiday calendars, which it reads from XML through JAXB: about a quarter of a second of a
 * start on two cores (the JAXB context, then each calendar's file), needed by the markets and so by the
 * budget plan before the first refresh. {@link #preload} reads the built-in markets' calendars on a
 * background thread from the very start of the application, while the main thread prepares the
 * environment and creates the other beans; {@link #manager} then takes a calendar from there, waiting
 * for it if it is still being read, or reads it itself (a calendar nobody preloaded, or whose preload
 * failed: the error is then the one a direct read gives). A calendar is handed over only once fully
 * read, through its future.
 */
final class HolidayCalendars {

    private static final Map<String, CompletableFuture<HolidayManager>> PRELOADED = new ConcurrentHashMap<>();

    private HolidayCalendars() {}

    /** The calendars of the built-in markets ({@link MarketDefaults}), without {@code none}. */
    static Set<String> defaults() {
        Set<String> names = new LinkedHashSet<>();
        MarketDefaults.definitions().values().forEach(d -> {
            if (d.holidays() != null && !d.holidays().equalsIgnoreCase("none")) {
                names.add(d.holidays());
            }
        });
        return names;
    }

    /**
     * Reads these calendars one after the other on a new daemon thread, unless already read or being read.
     * Returns at once.
     */
    static void preload(Collection<String> calendars) {
        Map<String, CompletableFuture<HolidayManager>> mine = new java.util.LinkedHashMap<>();
        for (String c : calendars) {
            CompletableFuture<HolidayManager> f = new CompletableFuture<>();
            if (PRELOADED.putIfAbsent(key(c), f) == null) {
                mine.put(c, f);
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        Thread t = new Thread(
                () -> mine.forEach((c, f) -> {
                    try {
                        f.complete(read(c));
                    } catch (RuntimeException | Error e) {
                        f.completeExceptionally(e);
                    }
                }),
                "holiday-calendars");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The calendar's manager, its holidays of one year read once (so an unknown or broken calendar fails
     * here, at start): preloaded if it was, else read now.
     *
     * @throws RuntimeException what jollyday throws for a calendar it cannot read
     */
    static HolidayManager manager(String calendar) {
        CompletableFuture<HolidayManager> f = PRELOADED.get(key(calendar));
        if (f != null) {
            try {
                return f.join();
            } catch (CompletionException e) {
                // Read it again here, so the failure (and its message) is that of a direct read.
            }
        }
        return read(calendar);
    }

    private static HolidayManager read(String calendar) {
        HolidayManager manager = HolidayManager.getInstance(parameters(calendar));
        manager.getHolidays(Year.of(2026), HolidayType.PUBLIC_HOLIDAY);
        return manager;
    }

    private static String key(String calendar) {
        return calendar.toLowerCase(Locale.ROOT);
    }

    private static de.focus_shift.jollyday.core.ManagerParameter parameters(String calendar) {
        for (HolidayCalendar c : HolidayCalendar.values()) {
            if (c.name().equalsIgnoreCase(calendar)) {
                return ManagerParameters.create(c);
            }
        }
        return ManagerParameters.create(calendar.toLowerCase(Locale.ROOT));
    }
}
