package io.quotegate.provider;

import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.cluster.ClusterLock;
import io.quotegate.cluster.Heartbeat;
import io.quotegate.cluster.RedisLink;
import io.quotegate.config.QuotegateProperties;
import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.TimeScale;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ProviderConfiguration {

    /** Every configured secret value; those kept in files are remembered as they are read ({@link Secret}). */
    @Bean
    KeyRedactor keyRedactor(QuotegateProperties properties) {
        return new KeyRedactor(properties.providers().values().stream()
                        .flatMap(p -> Stream.of(p.apiKey(), p.apiSecret(), p.password()))
                        .filter(Objects::nonNull)
                        .toList())
                .installForLogs();
    }

    /**
     * Sessions of session-based providers: in Redis when distributed (one session per provider for the whole
     * cluster, logged in by one replica at a time), else in this process.
     */
    @Bean
    SessionStore sessionStore(
            Clock clock,
            ObjectProvider<RedisLink> redis,
            ObjectProvider<ClusterLock> lock,
            ObjectProvider<Heartbeat> heartbeat) {
        RedisLink link = redis.getIfAvailable();
        ClusterLock leases = lock.getIfAvailable();
        Heartbeat beat = heartbeat.getIfAvailable();
        return link != null && leases != null && beat != null
                ? new RedisSessionStore(link, leases, beat.instance())
                : new LocalSessionStore(clock, "local");
    }

    @Bean
    ProviderRegistry providerRegistry(
            QuotegateProperties properties,
            List<ProviderFactory> factories,
            KeyRedactor redactor,
            Clock clock,
            SessionStore sessions) {
        Map<String, Boolean> enabled = new LinkedHashMap<>();
        properties.providers().forEach((name, p) -> enabled.put(name, p.enabled()));
        List<ProviderSettings> settings = properties.providers().entrySet().stream()
                .map(e -> settings(e.getKey(), e.getValue(), redactor))
                .toList();
        return ProviderRegistry.build(
                settings,
                enabled,
                factories,
                s -> new ProviderContext(
                        s, new ProviderHttp(s.name(), s.baseUrl(), s.timeout(), redactor), clock, sessions));
    }

    @Bean
    ProviderCircuits providerCircuits(
            QuotegateProperties properties, TimeScale scale, Clock clock, MeterRegistry meters) {
        return new ProviderCircuits(
                properties.providers().keySet(), scale.toReal(Duration.ofMinutes(1)), clock, meters);
    }

    static ProviderSettings settings(String name, QuotegateProperties.Provider p, KeyRedactor redactor) {
        String key = "quotegate.providers." + name;
        Credentials credentials = new Credentials(
                secret(p.apiKey(), p.apiKeyFile(), key + ".api-key-file", redactor),
                secret(p.apiSecret(), p.apiSecretFile(), key + ".api-secret-file", redactor),
                Secret.of(p.identifier()),
                secret(p.password(), p.passwordFile(), key + ".password-file", redactor));
        return ProviderSettings.withCredentials(
                name,
                p.baseUrl(),
                credentials,
                p.maxBatchOrDefault(),
                p.maxQueryLengthOrDefault(),
                p.symbols(),
                p.timeout(),
                p.values(),
                p.seed());
    }

    /** The value, else the file (ConfigChecks has made sure not both are given). */
    private static Secret secret(@Nullable String value, @Nullable String file, String key, KeyRedactor redactor) {
        return file == null || file.isBlank() ? Secret.of(value) : Secret.file(Path.of(file.trim()), redactor, key);
    }
}
