package io.quotegate.budget;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.provider.ProviderResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ChainsTest {

    private static ProviderAdapter serving(String name, Set<String> symbols) {
        return new ProviderAdapter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
                return Mono.empty();
            }

            @Override
            public boolean serves(String feedSymbol) {
                return symbols.contains(feedSymbol);
            }
        };
    }

    private final ProviderRegistry providers = new ProviderRegistry(
            Map.of(
                    "capitalcom", serving("capitalcom", Set.of("SPX", "FTSE")),
                    "marketstack", serving("marketstack", Set.of("SPX", "FTSE", "RUT"))),
            Map.of("kraken", "disabled"));

    @Test
    void eachSymbolGoesToTheFirstEnabledProviderThatServesIt() {
        assertThat(Chains.assign(
                        List.of("SPX", "RUT", "FTSE"), List.of("kraken", "capitalcom", "marketstack"), providers))
                .containsExactly(
                        Map.entry("capitalcom", List.of("SPX", "FTSE")), Map.entry("marketstack", List.of("RUT")));
        assertThat(Chains.bySymbol(List.of("SPX", "RUT"), List.of("capitalcom", "marketstack"), providers))
                .containsEntry("RUT", "marketstack")
                .containsEntry("SPX", "capitalcom");
    }

    @Test
    void theFallbacksAreTheEnabledProvidersAfterThePlannedOnes_withWhatEachWouldServe() {
        assertThat(Chains.fallbacks(List.of("SPX", "FTSE"), List.of("kraken", "capitalcom", "marketstack"), providers))
                .containsExactly(Map.entry("marketstack", List.of("SPX", "FTSE")));
        assertThat(Chains.fallbacks(List.of("SPX", "RUT"), List.of("capitalcom", "marketstack"), providers))
                .as("a provider with its own planned share is no fallback")
                .isEmpty();
    }

    @Test
    void aChainWhoseFirstServesEverythingIsPlannedOnItAlone_andUnservedSymbolsOnNobody() {
        assertThat(Chains.assign(List.of("SPX", "FTSE"), List.of("capitalcom", "marketstack"), providers))
                .containsOnlyKeys("capitalcom");
        assertThat(Chains.assign(List.of("XYZ"), List.of("capitalcom"), providers))
                .isEmpty();
    }
}
