package io.quotegate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A Redis that stays away is said once (and reminded of each minute), not at every try twice a second. */
class RedisLinkTest {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RedisLink.class);
    private Level level;

    @BeforeEach
    void capture() {
        level = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
        logger.setLevel(level);
    }

    private List<ILoggingEvent> at(Level l) {
        return appender.list.stream().filter(e -> e.getLevel() == l).toList();
    }

    @Test
    void anUnreachableRedisIsWarnedOnceWhileItsTriesGoOn() {
        RedisLink link = new RedisLink(RedisURI.create("redis://127.0.0.1:1"), "redis-link-test").start();
        try {
            // Nothing listens on port 1: every try fails at once, and the next comes 500 ms later.
            await().atMost(Duration.ofSeconds(20)).until(() -> appender.list.size() >= 4); // four tries at least
            assertThat(at(Level.WARN))
                    .singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .asString()
                    .contains("Redis at 127.0.0.1:1 is unreachable")
                    .contains("Nothing is spent meanwhile");
            assertThat(link.up()).isFalse();
            assertThat(link.lastError()).isNotBlank();
        } finally {
            link.close();
        }
    }

    @Test
    void redisLostMidRunIsOneWarnAndItsReturnOneInfo() {
        RedisLink link = new RedisLink(RedisURI.create("redis://127.0.0.1:1"), "redis-link-test");
        try {
            link.markUp(); // as after a command succeeded
            for (int i = 0; i < 5; i++) { // every command that fails while Redis is away says so
                link.markDown(new IllegalStateException("Currently not connected"));
            }
            link.markUp();

            assertThat(at(Level.WARN))
                    .singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .isEqualTo("Redis at 127.0.0.1:1 lost: Currently not connected");
            assertThat(at(Level.INFO))
                    .singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage)
                    .isEqualTo("Redis at 127.0.0.1:1 answers again (after 5 failed tries)");
        } finally {
            link.close();
        }
    }
}
