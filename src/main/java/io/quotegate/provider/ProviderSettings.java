package io.quotegate.provider;

import io.quotegate.config.QuotegateProperties;
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

    /**
     * Settings with fixed secrets.
     *
     * @param apiSecret      the second credential of providers that need a key pair (Alpaca's secret key)
     * @param maxQueryLength the longest query string one call may carry, for adapters that split by it
     * @param symbols        overrides of the adapter's feed-symbol to provider-symbol mapping
     * @param values         configured last-resort prices (static provider only)
     * @param seed           seed of the random walk (demo provider only)
     */
    public ProviderSettings(
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
        this(
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

    /** Settings of a provider with one fixed key (or none) and the default {@code max-query-length}. */
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

    /** Settings whose secrets are {@code credentials}, with the default {@code max-query-length}. */
    public static ProviderSettings withCredentials(
            String name,
            @Nullable String baseUrl,
            Credentials credentials,
            int maxBatch,
            Map<String, String> symbols,
            Duration timeout,
            Map<String, BigDecimal> values,
            long seed) {
        return withCredentials(
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
