package io.quotegate.market;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;

/**
 * Starts reading the built-in markets' holiday calendars ({@link HolidayCalendars#preload}) once the
 * environment is prepared, before the context is created: the markets bean, created about half-way
 * through the context refresh, then finds them read, instead of reading them on the main thread. Not
 * earlier: logging is configured while the environment is prepared, and jollyday logs while it reads
 * (before that, Logback would print a warning that the logger has no appender), so this listener
 * runs right after Boot's logging listener.
 * Registered in {@code META-INF/spring.factories}; a calendar the configuration adds is read when the
 * markets are built, as before.
 */
public final class HolidayPreloader implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        HolidayCalendars.preload(HolidayCalendars.defaults());
    }
}
