package io.quotegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class RotatingCredentialsTest {

    /** An adapter that says something of its own through every method of the SPI. */
    private static final ProviderAdapter OWN_WAYS = new ProviderAdapter() {
        @Override
        public String name() {
            return "own";
        }

        @Override
        public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
            return Mono.just(ProviderResponse.of(Map.of()));
        }

        @Override
        public List<List<String>> split(List<String> feedSymbols) {
            return feedSymbols.stream().map(List::of).toList();
        }

        @Override
        public boolean lastResort() {
            return true;
        }

        @Override
        public Duration delay() {
            return Duration.ofMinutes(15);
        }
    };

    @Test
    void theWrappedAdapterKeepsItsOwnBatchingDelayAndRole() {
        ProviderAdapter wrapped = RotatingCredentials.wrap(
                OWN_WAYS, TestSettings.of("own", null, null, 10, Map.of(), Duration.ofSeconds(1), Map.of(), 0));

        assertThat(wrapped.name()).isEqualTo("own");
        assertThat(wrapped.split(List.of("A", "B"))).containsExactly(List.of("A"), List.of("B"));
        assertThat(wrapped.delay()).isEqualTo(Duration.ofMinutes(15));
        assertThat(wrapped.lastResort()).isTrue();
    }
}
