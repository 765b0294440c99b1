package io.quotegate.provider;

import io.quotegate.config.QuotegateProperties;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Provider settings with fixed secrets, for tests: the service builds its own from configuration. */
public final class TestSettings {

    private TestSettings() {}

    /** One key (or none), the default {@code max-query-length}. */
    public static ProviderSettings of(
            String name,
            @Nullable String baseUrl,
            @Nullable String apiKey,
            int maxBatch,
            Map<String, String> symbols,
            Duration timeout,
            Map<String, BigDecimal> values,
            long seed) {
        return of(
                name,
                baseUrl,
                apiKey,
                null,
                maxBatch,
                QuotegateProperties.Provider.DEFAULT_MAX_QUERY_LENGTH,
                symbols,
                timeout,
                values,
                seed);
    }

    /** A key pair (either may be null) and a {@code max-query-length}. */
    public static ProviderSettings of(
            String name,
            @Nullable String baseUrl,
            @Nullable String apiKey,
            @Nullable String apiSecret,
            int maxBatch,
            int maxQueryLength,
            Map<String, String> symbols,
            Duration timeout,
            Map<String, BigDecimal> values,
            long seed) {
        return ProviderSettings.withCredentials(
                name,
                baseUrl,
                new Credentials(Secret.of(apiKey), Secret.of(apiSecret), Secret.none(), Secret.none()),
                maxBatch,
                maxQueryLength,
                symbols,
                timeout,
                values,
                seed);
    }

    /** Secrets as given (values or files), the default {@code max-query-length}. */
    public static ProviderSettings withCredentials(
            String name,
            @Nullable String baseUrl,
            Credentials credentials,
            int maxBatch,
            Map<String, String> symbols,
            Duration timeout,
            Map<String, BigDecimal> values,
            long seed) {
        return ProviderSettings.withCredentials(
                name,
                baseUrl,
                credentials,
                maxBatch,
                QuotegateProperties.Provider.DEFAULT_MAX_QUERY_LENGTH,
                symbols,
                timeout,
                values,
                seed);
    }
}
