package io.quotegate.provider;

import io.quotegate.config.QuotegateProperties;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How to reach and speak to one provider, converted once from {@code quotegate.providers.<name>}.
 *
 * <p>Adapters read {@link #apiKey()} and {@link #apiSecret()} when they build each request, never once
 * at construction: a credential may change while the service runs.
 *
 * @param apiSecret      the second credential of providers that need a key pair (Alpaca's secret key)
 * @param maxQueryLength the longest query string one call may carry, for adapters that split by it
 * @param symbols        overrides of the adapter's feed-symbol to provider-symbol mapping
 * @param values         configured last-resort prices (static provider only)
 * @param seed           seed of the random walk (demo provider only)
 */
public record ProviderSettings(
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

    public ProviderSettings {
        symbols = Map.copyOf(symbols);
        values = Map.copyOf(values);
    }

    /** Settings of a provider with one key (or none) and the default {@code max-query-length}. */
    public ProviderSettings(
            String name,
            @Nullable String baseUrl,
            @Nullable String apiKey,
            int maxBatch,
            Map<String, String> symbols,
            Duration timeout,
            Map<String, BigDecimal> values,
            long seed) {
        this(
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

    /** These settings with {@code baseUrl} when none is configured (null or blank); else these settings. */
    public ProviderSettings withDefaultBaseUrl(@Nullable String defaultBaseUrl) {
        if (defaultBaseUrl == null || (baseUrl != null && !baseUrl.isBlank())) {
            return this;
        }
        return new ProviderSettings(
                name, defaultBaseUrl, apiKey, apiSecret, maxBatch, maxQueryLength, symbols, timeout, values, seed);
    }

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    public boolean hasApiSecret() {
        return apiSecret != null && !apiSecret.isBlank();
    }

    /** The provider symbol for a feed symbol: the configured override, else the adapter's default. */
    public String providerSymbol(String feedSymbol, String adapterDefault) {
        return symbols.getOrDefault(feedSymbol, adapterDefault);
    }
}
