package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Priority;
import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

/**
 * One rule for a parser crash, whatever the provider: an adapter that fails with anything but a
 * ProviderException could not read the answer. That is MALFORMED, and it is not retried, since the
 * same answer would crash again and every retry spends credits.
 */
class ParserCrashTest {

    private static final List<String> FX = List.of("EUR/USD", "GBP/USD");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("fx", Priority.CRITICAL, FX, "binance"))
            .provider(budget("binance", "per-symbol", null, 800, null))
            .build();
    private final FakeAdapter binance = rig.adapter("binance");

    @ParameterizedTest
    @ValueSource(strings = {"signalled", "thrown"})
    void aCrashReadingTheAnswerIsMalformedAndNotRetried(String how) {
        RuntimeException crash = new NumberFormatException("For input string: \"x\" apikey=SECRET-KEY-123");
        binance.then(how.equals("thrown") ? throwing(crash) : batch -> Mono.error(crash));

        RefreshRig.Pending refresh = rig.start("fx");
        rig.clock.advance(Duration.ofMinutes(20));

        assertThat(refresh.done()).isTrue();
        assertThat(binance.callCount()).as("no retry").isEqualTo(1);
        assertThat(rig.used("binance", Window.DAY))
                .as("credits of one call only")
                .isEqualTo(2);
        assertThat(rig.outcome("fx", "binance").outcome()).isEqualTo(Verdict.of(Outcome.MALFORMED));
        assertThat(rig.outcome("fx", "binance").tries()).isEqualTo(1);
        assertThat(rig.requests("binance", "malformed")).isEqualTo(1);
        assertThat(rig.requests("binance", "transient")).isZero();
        assertThat(rig.outcome("fx", "binance").message())
                .contains("binance", "could not read the response", "NumberFormatException", "ParserCrashTest")
                .doesNotContain("SECRET", "For input string");
    }

    @Test
    void theFeedStillFallsThroughAfterACrash() {
        RefreshRig chained = RefreshRig.builder()
                .feed(feed("fx", Priority.CRITICAL, FX, "binance", "frankfurter"))
                .provider(budget("binance", "per-symbol", null, 800, null))
                .provider(budget("frankfurter", "per-call", null, 800, null))
                .build();
        chained.adapter("binance").then(batch -> Mono.error(new IllegalStateException("unexpected shape")));

        RefreshRig.Pending refresh = chained.start("fx");
        chained.clock.advance(Duration.ofMinutes(1));

        assertThat(refresh.result())
                .hasValueSatisfying(v -> assertThat(v.snapshot().data()).hasSize(2));
        assertThat(chained.outcome("fx", "binance").outcome()).isEqualTo(Verdict.of(Outcome.MALFORMED));
        assertThat(chained.adapter("frankfurter").callCount()).isEqualTo(1);
    }

    /** A step that throws while the adapter reads, instead of signalling an error. */
    private static Function<List<String>, Mono<io.quotegate.provider.ProviderResponse>> throwing(
            RuntimeException crash) {
        return batch -> {
            throw crash;
        };
    }
}
