package io.quotegate.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.quotegate.testing.CapturedLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class OutageTest {

    private static final String SUBJECT = "io.quotegate.logging.OutageTest.subject";
    private final Logger logger = LoggerFactory.getLogger(SUBJECT);

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(SUBJECT, Level.DEBUG);

    private List<String> lines() {
        return log.all();
    }

    @Test
    void theFirstFailureIsAWarnTheOthersDebugAndTheEndAnInfoWithTheCount() {
        Outage redis = new Outage(logger);
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
