package io.quotegate.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How to reach and speak to one provider, converted once from {@code quotegate.providers.<name>}.
 *
 * @param symbols overrides of the adapter's feed-symbol to provider-symbol mapping
 * @param values  configured last-resort prices (static provider only)
 * @param seed    seed of the random walk (demo provider only)
 */
public record ProviderSettings(
        String name,
        @Nullable String baseUrl,
        @Nullable String apiKey,
        int maxBatch,
        Map<String, String> symbols,
        Duration timeout,
        Map<String, BigDecimal> values,
        long seed) {

    public ProviderSettings {
        symbols = Map.copyOf(symbols);
        values = Map.copyOf(values);
    }

    /** These settings with {@code baseUrl} when none is configured (null or blank); else these settings. */
    public ProviderSettings withDefaultBaseUrl(@Nullable String defaultBaseUrl) {
        if (defaultBaseUrl == null || (baseUrl != null && !baseUrl.isBlank())) {
            return this;
        }
        return new ProviderSettings(name, defaultBaseUrl, apiKey, maxBatch, symbols, timeout, values, seed);
    }

    public boolean hasApiKey() {
        return apiKey != null && !apiKey.isBlank();
    }

    /** The provider symbol for a feed symbol: the configured override, else the adapter's default. */
    public String providerSymbol(String feedSymbol, String adapterDefault) {
        return symbols.getOrDefault(feedSymbol, adapterDefault);
    }
}
