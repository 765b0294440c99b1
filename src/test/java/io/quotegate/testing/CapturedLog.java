package io.quotegate.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * What one logger says during each test, from {@code level} up, whatever an earlier test's context set it to:
 * {@code @RegisterExtension final CapturedLog log = CapturedLog.of(FailureLog.class, Level.INFO);}
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback {

    private final Logger logger;
    private final Level level;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level before;

    private CapturedLog(Logger logger, Level level) {
        this.logger = logger;
        this.level = level;
    }

    public static CapturedLog of(Class<?> source, Level level) {
        return of(source.getName(), level);
    }

    public static CapturedLog of(String logger, Level level) {
        return new CapturedLog((Logger) LoggerFactory.getLogger(logger), level);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        before = logger.getLevel();
        logger.setLevel(level);
        appender.list.clear();
        appender.start();
        logger.addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.detachAppender(appender);
        logger.setLevel(before);
    }

    /** The messages said at {@code at}, formatted, in order. */
    public List<String> lines(Level at) {
        return appender.list.stream()
                .filter(e -> e.getLevel() == at)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** Every line, as {@code "LEVEL message"}, in order. */
    public List<String> all() {
        return appender.list.stream()
                .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                .toList();
    }
}
