package io.quotegate.provider;

import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.config.QuotegateProperties;
import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

    @Bean
    KeyRedactor keyRedactor(QuotegateProperties properties) {
        return new KeyRedactor(properties.providers().values().stream()
                        .flatMap(p -> Stream.of(p.apiKey(), p.apiSecret()))
                        .filter(Objects::nonNull)
                        .toList())
                .installForLogs();
    }

    @Bean
    ProviderRegistry providerRegistry(
            QuotegateProperties properties, List<ProviderFactory> factories, KeyRedactor redactor, Clock clock) {
        Map<String, Boolean> enabled = new LinkedHashMap<>();
        properties.providers().forEach((name, p) -> enabled.put(name, p.enabled()));
        List<ProviderSettings> settings = properties.providers().entrySet().stream()
                .map(e -> settings(e.getKey(), e.getValue()))
                .toList();
        return ProviderRegistry.build(
                settings,
                enabled,
                factories,
                s -> new ProviderContext(s, new ProviderHttp(s.name(), s.baseUrl(), s.timeout(), redactor), clock));
    }

    @Bean
    ProviderCircuits providerCircuits(
            QuotegateProperties properties, TimeScale scale, Clock clock, MeterRegistry meters) {
        return new ProviderCircuits(
                properties.providers().keySet(), scale.toReal(Duration.ofMinutes(1)), clock, meters);
    }

    static ProviderSettings settings(String name, QuotegateProperties.Provider p) {
        return new ProviderSettings(
                name,
                p.baseUrl(),
                p.apiKey(),
                p.apiSecret(),
                p.maxBatchOrDefault(),
                p.maxQueryLengthOrDefault(),
                p.symbols(),
                p.timeout(),
                p.values(),
                p.seed());
    }
}
