package io.quotegate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/** BlockHound is on in the test JVM: a blocking call on a non-blocking thread fails the code that made it. */
class BlockingChecksTest {

    @Test
    void sleepingOnAReactorParallelThreadFails() {
        Throwable error = Mono.fromCallable(() -> {
                    Thread.sleep(1);
                    return "slept";
                })
                .subscribeOn(Schedulers.parallel())
                .map(s -> (Throwable) null)
                .onErrorResume(e -> Mono.just(e))
                .block(Duration.ofSeconds(10));
        assertThat(error).isInstanceOf(BlockingOperationError.class);
    }

    @Test
    void sleepingOnANettyEventLoopFails() throws Exception {
        LoopResources loops = LoopResources.create("blocking-check", 1, true);
        try {
            CompletableFuture<Throwable> seen = new CompletableFuture<>();
            loops.onServer(false).next().execute(() -> {
                try {
                    Thread.sleep(1);
                    seen.complete(null);
                } catch (Throwable t) {
                    seen.complete(t);
                }
            });
            assertThat(seen.get()).isInstanceOf(BlockingOperationError.class);
        } finally {
            loops.disposeLater().block(Duration.ofSeconds(10));
        }
    }

    @Test
    void sleepingOnABoundedElasticThreadIsAllowed() {
        assertThat(Mono.fromCallable(() -> {
                            Thread.sleep(1);
                            return "slept";
                        })
                        .subscribeOn(Schedulers.boundedElastic())
                        .block(Duration.ofSeconds(10)))
                .isEqualTo("slept");
    }
}
