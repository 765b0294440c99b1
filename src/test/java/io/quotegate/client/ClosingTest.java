package io.quotegate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A stop finishes even when a Redis connection never finishes closing: each step waits at most
 * {@link ClientConfiguration.ClientBackends#CLOSE_AT_MOST}, and the steps after it still run.
 */
class ClosingTest {

    @Test
    void aCloseThatNeverCompletesHoldsTheStopNoLongerThanItsBound() {
        List<String> ran = new ArrayList<>();
        var backends = new ClientConfiguration.ClientBackends(
                null,
                null,
                null,
                WarningRelay.NONE,
                List.of(
                        ClientConfiguration.ClientBackends.awaiting(() -> {
                            ran.add("pending close");
                            return new CompletableFuture<Void>(); // never completes, as a stuck Lettuce close
                        }),
                        ClientConfiguration.ClientBackends.awaiting(() -> {
                            ran.add("client shutdown");
                            return CompletableFuture.completedFuture(null);
                        })));

        // Far above the bound (2 s): without it, the stop would wait for ever.
        assertTimeoutPreemptively(Duration.ofSeconds(30), backends::close);
        assertThat(ran).containsExactly("pending close", "client shutdown");
    }
}
