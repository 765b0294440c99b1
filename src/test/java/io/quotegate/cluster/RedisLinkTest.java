package io.quotegate.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.lettuce.core.RedisURI;
import io.quotegate.testing.CapturedLog;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Redis that stays away is said once (and reminded of each minute), not at every try twice a second. */
class RedisLinkTest {

    @RegisterExtension
    final CapturedLog log = CapturedLog.of(RedisLink.class, Level.DEBUG);

    @Test
    void anUnreachableRedisIsWarnedOnceWhileItsTriesGoOn() {
        RedisLink link = new RedisLink(RedisURI.create("redis://127.0.0.1:1"), "redis-link-test").start();
        try {
            // Nothing listens on port 1: every try fails at once, and the next comes 500 ms later.
            await().atMost(Duration.ofSeconds(20)).until(() -> log.all().size() >= 4); // four tries at least
            assertThat(log.lines(Level.WARN))
                    .singleElement()
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

            assertThat(log.lines(Level.WARN))
                    .singleElement()
                    .isEqualTo("Redis at 127.0.0.1:1 lost: Currently not connected");
            assertThat(log.lines(Level.INFO))
                    .singleElement()
                    .isEqualTo("Redis at 127.0.0.1:1 answers again (after 5 failed tries)");
        } finally {
            link.close();
        }
    }
}
