package io.quotegate.provider;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enabled adapters by provider name, plus why the others are disabled. A provider that needs
 * a key and has none is disabled with one start-up line; feeds then fall through their chain.
 */
public final class ProviderRegistry {

    private static final Logger log = LoggerFactory.getLogger(ProviderRegistry.class);

    private final Map<String, ProviderAdapter> adapters;
    private final Map<String, String> disabled;
    private final java.util.Set<String> inProcess;

    public ProviderRegistry(Map<String, ProviderAdapter> adapters, Map<String, String> disabled) {
        this(adapters, disabled, java.util.Set.of());
    }

    public ProviderRegistry(
            Map<String, ProviderAdapter> adapters, Map<String, String> disabled, java.util.Set<String> inProcess) {
        this.adapters = Map.copyOf(adapters);
        this.disabled = Map.copyOf(disabled);
        this.inProcess = java.util.Set.copyOf(inProcess);
    }

    /**
     * Builds adapters for every configured provider.
     *
     * @throws IllegalStateException naming {@code quotegate.providers.<name>} when no factory serves a name
     */
    public static ProviderRegistry build(
            Collection<ProviderSettings> settings,
            Map<String, Boolean> enabledFlags,
            Collection<ProviderFactory> factories,
            java.util.function.Function<ProviderSettings, ProviderContext> contexts) {
        Map<String, ProviderFactory> byName = new LinkedHashMap<>();
        factories.forEach(f -> byName.put(f.name(), f));
        Map<String, ProviderAdapter> adapters = new LinkedHashMap<>();
        Map<String, String> disabled = new LinkedHashMap<>();
        java.util.Set<String> inProcess = new java.util.HashSet<>();
        for (ProviderSettings s : settings) {
            ProviderFactory factory = byName.get(s.name());
            if (factory != null && factory.inProcess()) {
                inProcess.add(s.name());
            }
            if (factory == null) {
                throw new IllegalStateException("quotegate.providers." + s.name() + ": unknown provider '" + s.name()
                        + "'; known providers are " + byName.keySet());
            }
            String missing = factory.missingCredentials(s);
            if (!enabledFlags.getOrDefault(s.name(), true)) {
                disabled.put(s.name(), "disabled by quotegate.providers." + s.name() + ".enabled=false");
            } else if (missing != null) {
                disabled.put(s.name(), missing);
            } else {
                ProviderSettings withBase = s.withDefaultBaseUrl(factory.defaultBaseUrl());
                adapters.put(s.name(), RotatingCredentials.wrap(factory.create(contexts.apply(withBase)), withBase));
            }
        }
        disabled.forEach((name, why) ->
                log.warn("Provider {} is disabled: {}. Feeds using it fall through their chain.", name, why));
        log.info("Providers enabled: {}", adapters.keySet());
        return new ProviderRegistry(adapters, disabled, inProcess);
    }

    public Optional<ProviderAdapter> adapter(String name) {
        return Optional.ofNullable(adapters.get(name));
    }

    public boolean isEnabled(String name) {
        return adapters.containsKey(name);
    }

    /** Whether the provider is enabled and can serve the feed symbol ({@link ProviderAdapter#serves}). */
    public boolean serves(String name, String feedSymbol) {
        ProviderAdapter adapter = adapters.get(name);
        return adapter != null && adapter.serves(feedSymbol);
    }

    /** Why a provider is disabled, or empty when it is enabled. */
    public Optional<String> disabledReason(String name) {
        return Optional.ofNullable(disabled.get(name));
    }

    /** Providers that run inside this process (their limits are simulated). */
    public java.util.Set<String> inProcess() {
        return inProcess;
    }
}
