package io.quotegate.provider;

import org.jspecify.annotations.Nullable;

/**
 * Creates the adapter of one provider. Each provider package contributes one factory bean; the
 * {@link ProviderRegistry} matches it to {@code quotegate.providers.<name>} by {@link #name()}.
 * Adding a provider therefore touches one folder and one properties block.
 */
public interface ProviderFactory {

    /** The provider name this factory serves, e.g. {@code twelvedata}. */
    String name();

    /** Whether the provider is unusable without an API key (it is then disabled, not failed). */
    default boolean requiresKey() {
        return false;
    }

    /** The environment variable that conventionally holds the key, for the start-up message. */
    default String keyVariable() {
        return name().toUpperCase(java.util.Locale.ROOT) + "_API_KEY";
    }

    /**
     * Whether the provider also needs {@code quotegate.providers.<name>.api-secret} (a key pair such as
     * Alpaca's); without it the provider is disabled, like one without its key.
     */
    default boolean requiresSecret() {
        return false;
    }

    /** The environment variable that conventionally holds the secret, for the start-up message. */
    default String secretVariable() {
        return name().toUpperCase(java.util.Locale.ROOT) + "_API_SECRET";
    }

    /**
     * Why the provider cannot run with these settings for want of a credential, or null when it can. The
     * default asks for an API key when {@link #requiresKey()} and a secret when {@link #requiresSecret()}; a
     * provider with other secrets (a login) names every one it lacks. The registry disables the provider with
     * this reason, in one start-up line.
     */
    default @Nullable String missingCredentials(ProviderSettings settings) {
        String key = "quotegate.providers." + settings.name();
        if (requiresKey() && !settings.hasApiKey()) {
            return "no API key: set " + keyVariable() + " (" + key + ".api-key) or " + key + ".api-key-file";
        }
        if (requiresSecret() && !settings.hasApiSecret()) {
            return "no API secret: set " + secretVariable() + " (" + key + ".api-secret) or " + key
                    + ".api-secret-file";
        }
        return null;
    }

    /**
     * Whether the provider runs inside this process (demo, static). Its limits are simulated, so there is
     * no outside counter a lost ledger record could overrun.
     */
    default boolean inProcess() {
        return false;
    }

    /**
     * The base URL used when {@code quotegate.providers.<name>.base-url} is not set, or null when the
     * provider has none and must be configured. The registry applies it before the context is built, so
     * the adapter and its {@link ProviderHttp} see one base URL.
     */
    default @Nullable String defaultBaseUrl() {
        return null;
    }

    ProviderAdapter create(ProviderContext context);
}
