package io.quotegate.provider.twelvedata;

import io.quotegate.provider.ProviderSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Feed symbols of one batch and the Twelve Data symbols they are requested as. Twelve Data uses the
 * feed's slashed form as-is ({@code EUR/USD}, {@code BTC/USD}, {@code XAU/USD}), so the default is
 * the identity; {@code quotegate.providers.twelvedata.symbols} overrides win. Several feed symbols
 * may map to one provider symbol: it is requested once and served to all of them.
 */
final class SymbolMapping {

    private final Map<String, List<String>> feedByProvider;

    private SymbolMapping(Map<String, List<String>> feedByProvider) {
        this.feedByProvider = feedByProvider;
    }

    static SymbolMapping of(List<String> feedSymbols, ProviderSettings settings) {
        Map<String, List<String>> byProvider = new LinkedHashMap<>();
        for (String feed : new LinkedHashSet<>(feedSymbols)) {
            String provider = settings.providerSymbol(feed, feed).trim();
            byProvider.computeIfAbsent(provider, p -> new ArrayList<>()).add(feed);
        }
        return new SymbolMapping(byProvider);
    }

    boolean isEmpty() {
        return feedByProvider.isEmpty();
    }

    /** Whether exactly one provider symbol is requested, so Twelve Data answers with the flat shape. */
    boolean isSingle() {
        return feedByProvider.size() == 1;
    }

    /** The provider symbols in request order. */
    Set<String> providerSymbols() {
        return feedByProvider.keySet();
    }

    /** The value of the {@code symbol} query parameter. */
    String joined() {
        return String.join(",", feedByProvider.keySet());
    }

    /**
     * The requested provider symbol a response key stands for: the exact key, else a case-insensitive
     * match; {@code null} when the key was not requested.
     */
    String requestedKey(String responseKey) {
        if (feedByProvider.containsKey(responseKey)) {
            return responseKey;
        }
        String wanted = responseKey.trim().toUpperCase(Locale.ROOT);
        for (String provider : feedByProvider.keySet()) {
            if (provider.toUpperCase(Locale.ROOT).equals(wanted)) {
                return provider;
            }
        }
        return null;
    }

    /** The feed symbols requested as this provider symbol (empty when it was not requested). */
    List<String> feedSymbols(String providerSymbol) {
        String key = requestedKey(providerSymbol);
        return key == null ? List.of() : feedByProvider.get(key);
    }

    /** All feed symbols of the batch. */
    Set<String> allFeedSymbols() {
        Set<String> all = new LinkedHashSet<>();
        feedByProvider.values().forEach(all::addAll);
        return all;
    }
}
