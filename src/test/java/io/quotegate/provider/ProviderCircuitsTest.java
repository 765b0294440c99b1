package io.quotegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderCircuitsTest {

    private final MutableClock clock = MutableClock.at("2030-01-07T10:00:00Z");
    private final ProviderCircuits circuits =
            new ProviderCircuits(List.of("binance"), Duration.ofMinutes(1), clock, new SimpleMeterRegistry());

    @Test
    void aShorterRetryAfterNeverEndsALongerBan() {
        Instant now = clock.instant();
        circuits.openUntil("binance", now.plus(Duration.ofHours(2))); // 418, Retry-After 7200
        circuits.openUntil("binance", now.plusSeconds(30)); // then a 429, Retry-After 30

        clock.advance(Duration.ofMinutes(5));

        assertThat(circuits.refusing("binance")).isTrue();
        assertThat(circuits.of("binance").tryAcquirePermission()).isFalse();
        clock.advance(Duration.ofHours(2));
        assertThat(circuits.of("binance").tryAcquirePermission())
                .as("one probe once the ban is over")
                .isTrue();
        assertThat(circuits.state("binance")).isEqualTo("half-open");
    }

    @Test
    void aLaterBanExtendsAShorterOne() {
        Instant now = clock.instant();
        circuits.openUntil("binance", now.plusSeconds(30));
        circuits.openUntil("binance", now.plus(Duration.ofHours(1)));

        clock.advance(Duration.ofMinutes(10));

        assertThat(circuits.refusing("binance")).isTrue();
    }
}
