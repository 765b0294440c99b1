package io.quotegate.provider;

/**
 * A provider's secrets, each a value or a file ({@link Secret}). Adapters read them through
 * {@link ProviderSettings} at request time, so a rotated file is used from the next request on.
 *
 * @param apiKey     the API key (Capital.com's {@code X-CAP-API-KEY}, Alpaca's key id)
 * @param apiSecret  the second half of a key pair (Alpaca's secret key)
 * @param identifier the account's login (Capital.com)
 * @param password   the account's or the API key's password (Capital.com)
 */
public record Credentials(Secret apiKey, Secret apiSecret, Secret identifier, Secret password) {

    /** None at all. */
    public static Credentials none() {
        return new Credentials(Secret.none(), Secret.none(), Secret.none(), Secret.none());
    }

    /** Just a fixed API key (blank is none). */
    public static Credentials apiKey(@org.jspecify.annotations.Nullable String apiKey) {
        return new Credentials(Secret.of(apiKey), Secret.none(), Secret.none(), Secret.none());
    }

    /**
     * Reads every file-held secret again, as after the provider refused them. Returns whether any changed.
     */
    public boolean reload() {
        boolean key = apiKey.reload();
        boolean secret = apiSecret.reload();
        boolean login = identifier.reload();
        boolean pass = password.reload();
        return key || secret || login || pass;
    }
}
