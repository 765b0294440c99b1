package io.quotegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.logging.KeyRedactor;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A provider that needs a key pair is enabled only with both halves, and says which one is missing. */
class ProviderRegistryTest {

    private static ProviderSettings settings(@Nullable String key, @Nullable String secret) {
        return TestSettings.of("pair", null, key, secret, 10, 2000, Map.of(), Duration.ofSeconds(1), Map.of(), 0);
    }

    private static ProviderRegistry registry(ProviderSettings settings) {
        ProviderFactory factory = new ProviderFactory() {
            @Override
            public String name() {
                return "pair";
            }

            @Override
            public boolean requiresKey() {
                return true;
            }

            @Override
            public boolean requiresSecret() {
                return true;
            }

            @Override
            public String keyVariable() {
                return "PAIR_KEY_ID";
            }

            @Override
            public String secretVariable() {
                return "PAIR_SECRET_KEY";
            }

            @Override
            public ProviderAdapter create(ProviderContext context) {
                return new ProviderAdapter() {
                    @Override
                    public String name() {
                        return "pair";
                    }

                    @Override
                    public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
                        return Mono.empty();
                    }
                };
            }
        };
        return ProviderRegistry.build(
                List.of(settings),
                Map.of(),
                List.of(factory),
                s -> new ProviderContext(
                        s,
                        new ProviderHttp(s.name(), null, s.timeout(), new KeyRedactor(List.of())),
                        Clock.systemUTC()));
    }

    @Test
    void withoutTheSecretTheProviderIsDisabledNamingTheSecretsVariable() {
        ProviderRegistry registry = registry(settings("key-id", null));

        assertThat(registry.isEnabled("pair")).isFalse();
        assertThat(registry.disabledReason("pair"))
                .contains("no API secret: set PAIR_SECRET_KEY (quotegate.providers.pair.api-secret)"
                        + " or quotegate.providers.pair.api-secret-file");
    }

    @Test
    void withoutTheKeyTheKeyIsNamedFirst() {
        assertThat(registry(settings(" ", "secret")).disabledReason("pair"))
                .contains("no API key: set PAIR_KEY_ID (quotegate.providers.pair.api-key)"
                        + " or quotegate.providers.pair.api-key-file");
    }

    @Test
    void withBothHalvesTheProviderIsEnabled() {
        assertThat(registry(settings("key-id", "secret")).isEnabled("pair")).isTrue();
    }
}
