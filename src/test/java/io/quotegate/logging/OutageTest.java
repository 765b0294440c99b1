package io.quotegate.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OutageTest {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.quotegate.logging.OutageTest.subject");

    @BeforeEach
    void capture() {
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    private List<String> lines() {
        return appender.list.stream()
                .map(e -> e.getLevel() + " " + e.getFormattedMessage())
                .toList();
    }

    @Test
    void theFirstFailureIsAWarnTheOthersDebugAndTheEndAnInfoWithTheCount() {
        Outage redis = new Outage(logger, Duration.ofMinutes(1));
        redis.over("back"); // nothing was away: nothing to say
        for (int i = 0; i < 3; i++) {
            redis.failed("Redis at {} is unreachable ({})", "127.0.0.1:6379", "refused");
        }
        assertThat(redis.failedTries()).isEqualTo(3);
        redis.over("Connected to Redis at {}", "127.0.0.1:6379");
        redis.over("Connected to Redis at {}", "127.0.0.1:6379"); // said once

        assertThat(lines())
                .containsExactly(
                        "WARN Redis at 127.0.0.1:6379 is unreachable (refused)",
                        "DEBUG Redis at 127.0.0.1:6379 is unreachable (refused) (try 2)",
                        "DEBUG Redis at 127.0.0.1:6379 is unreachable (refused) (try 3)",
                        "INFO Connected to Redis at 127.0.0.1:6379 (after 3 failed tries)");
        assertThat(redis.failedTries()).isZero();
    }

    @Test
    void anOutageThatLastsIsWarnedAgainOncePerReminder() throws InterruptedException {
        Outage postgres = new Outage(logger, Duration.ofMillis(50));
        postgres.failed("PostgreSQL is away");
        Thread.sleep(60); // past the reminder: the next failure is a WARN again
        postgres.failed("PostgreSQL is away");

        assertThat(lines()).containsExactly("WARN PostgreSQL is away", "WARN PostgreSQL is away (still, 2 tries)");
    }
}
