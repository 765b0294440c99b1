package io.quotegate.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import java.time.LocalDate;
import java.time.Year;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The holiday calendars read ahead on a background thread, and handed to the markets from there. */
class HolidayCalendarsTest {

    @Test
    void theBuiltInMarketsCalendarsArePreloadedButNotNone() {
        assertThat(HolidayCalendars.defaults())
                .containsExactly("NYSE", "gb", "TARGET", "NYSE_EURONEXT", "ch", "jp", "hk", "in", "au");
    }

    @Test
    void aPreloadedCalendarIsTheOneHandedOut() {
        // With jollyday's own cache off, every direct read is a new manager: the same instance twice means
        // both came from the preload (in whatever case the calendar is named).
        boolean caching = HolidayManager.isManagerCachingEnabled();
        HolidayManager.setManagerCachingEnabled(false);
        try {
            HolidayCalendars.preload(List.of("hk"));
            HolidayManager first = HolidayCalendars.manager("HK");
            assertThat(HolidayCalendars.manager("hk")).isSameAs(first);
            assertThat(first.getHolidays(Year.of(2026), HolidayType.PUBLIC_HOLIDAY))
                    .anyMatch(h -> h.getDate().equals(LocalDate.of(2026, 12, 25)));
        } finally {
            HolidayManager.setManagerCachingEnabled(caching);
        }
    }

    @Test
    void aCalendarThatFailedToPreloadFailsTheMarketsAsADirectReadWould() {
        HolidayCalendars.preload(List.of("atlantis"));
        assertThatThrownBy(() -> Holidays.of("atlantis", List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'atlantis' is no holiday calendar");
    }

    @Test
    void thePreloadStartsFromSpringFactoriesRightAfterLoggingIsConfigured() {
        // After Boot's logging listener: jollyday logs while it reads, and before logging is configured
        // Logback would print a warning that the logger has no appender.
        assertThat(SpringFactoriesLoader.loadFactories(
                        ApplicationListener.class, getClass().getClassLoader()))
                .anyMatch(HolidayPreloader.class::isInstance);
        assertThat(new HolidayPreloader().getOrder()).isGreaterThan(LoggingApplicationListener.DEFAULT_ORDER);
    }
}
