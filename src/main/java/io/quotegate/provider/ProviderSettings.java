package io.quotegate.provider;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How to reach and speak to one provider, converted once from {@code quotegate.providers.<name>}.
 *
 * <p>The secrets ({@link #apiKey}, {@link #apiSecret}, {@link #identifier}, {@link #password}) answer their
 * <em>current</em> value: one kept in a file ({@code api-key-file} and the like) is read again when the file
 * changes and after the provider refused it ({@link #reloadCredentials}). Adapters therefore read them when they
 * build each request, never once at construction. {@link #toString} names no secret.
 */
public final class ProviderSettings {

    private final String name;
    private final @Nullable String baseUrl;
    private final Credentials credentials;
    private final int maxBatch;
    private final int maxQueryLength;
    private final Map<String, String> symbols;
    private final Duration timeout;
    private final Map<String, BigDecimal> values;
    private final long seed;

    private ProviderSettings(
            String name,
            @Nullable String baseUrl,
            Credentials credentials,
            int maxBatch,
            int maxQueryLength,
            Map<String, String> symbols,
            Duration timeout,
            Map<String, BigDecimal> values,
            long seed) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.credentials = credentials;
        this.maxBatch = maxBatch;
        this.maxQueryLength = maxQueryLength;
        this.symbols = Map.copyOf(symbols);
        this.timeout = timeout;
        this.values = Map.copyOf(values);
        this.seed = seed;
    }

    /** Settings whose secrets are {@code credentials} (values or files). */
    public static ProviderSettings withCredentials(
            String name,
            @Nullable String baseUrl,
            Credentials credentials,
            int maxBatch,
            int maxQueryLength,
            Map<String, String> symbols,
            Duration timeout,
            Map<String, BigDecimal> values,
            long seed) {
        return new ProviderSettings(
                name, baseUrl, credentials, maxBatch, maxQueryLength, symbols, timeout, values, seed);
    }

    /** These settings with {@code baseUrl} when none is configured (null or blank); else these settings. */
    public ProviderSettings withDefaultBaseUrl(@Nullable String defaultBaseUrl) {
        if (defaultBaseUrl == null || (baseUrl != null && !baseUrl.isBlank())) {
            return this;
        }
        return new ProviderSettings(
                name, defaultBaseUrl, credentials, maxBatch, maxQueryLength, symbols, timeout, values, seed);
    }

    public String name() {
        return name;
    }

    public @Nullable String baseUrl() {
        return baseUrl;
    }

    /** The API key as of now. */
    public @Nullable String apiKey() {
        return credentials.apiKey().value();
    }

    /** The API secret as of now. */
    public @Nullable String apiSecret() {
        return credentials.apiSecret().value();
    }

    /** The account login as of now. */
    public @Nullable String identifier() {
        return credentials.identifier().value();
    }

    /** The password as of now. */
    public @Nullable String password() {
        return credentials.password().value();
    }

    public Credentials credentials() {
        return credentials;
    }

    /**
     * Reads every file-held secret again: the provider refused them, and a rotated file may not look changed
     * (same size, a modification time within the file system's resolution). Returns whether any changed.
     */
    public boolean reloadCredentials() {
        return credentials.reload();
    }

    public int maxBatch() {
        return maxBatch;
    }

    public int maxQueryLength() {
        return maxQueryLength;
    }

    public Map<String, String> symbols() {
        return symbols;
    }

    public Duration timeout() {
        return timeout;
    }

    public Map<String, BigDecimal> values() {
        return values;
    }

    public long seed() {
        return seed;
    }

    public boolean hasApiKey() {
        return credentials.apiKey().present();
    }

    public boolean hasApiSecret() {
        return credentials.apiSecret().present();
    }

    /** The provider symbol for a feed symbol: the configured override, else the adapter's default. */
    public String providerSymbol(String feedSymbol, String adapterDefault) {
        return symbols.getOrDefault(feedSymbol, adapterDefault);
    }

    @Override
    public String toString() {
        return "ProviderSettings[" + name + ", " + baseUrl + ", maxBatch " + maxBatch + "]";
    }
}
