package io.quotegate.budget;

import io.quotegate.provider.ProviderRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which provider of a feed's chain is expected to serve each of its symbols: the first enabled one that
 * {@linkplain ProviderRegistry#serves serves} it. Usually that is the chain's first enabled provider for every
 * symbol; where it cannot serve some (Capital.com has no epic for some indices), those are the next one's, as a
 * matter of course and not of faults. The planner plans each provider's share, and the market gate applies each
 * provider's rules (end of day or not) to its own symbols. Fallbacks after faults are not planned.
 */
public final class Chains {

    private Chains() {}

    /** Provider to the symbols it is expected to serve, in chain order; symbols nobody serves are left out. */
    public static Map<String, List<String>> assign(
            List<String> symbols, List<String> chain, ProviderRegistry providers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        List<String> left = new ArrayList<>(symbols);
        for (String provider : chain) {
            if (left.isEmpty() || !providers.isEnabled(provider)) {
                continue;
            }
            List<String> mine =
                    left.stream().filter(s -> providers.serves(provider, s)).toList();
            if (!mine.isEmpty()) {
                out.put(provider, mine);
                left.removeAll(mine);
            }
        }
        return out;
    }

    /**
     * The chain's fallbacks: every enabled provider after the first planned one and not planned itself, with the
     * symbols it would serve if the providers before it failed (those it serves at all).
     */
    public static Map<String, List<String>> fallbacks(
            List<String> symbols, List<String> chain, ProviderRegistry providers) {
        Map<String, List<String>> planned = assign(symbols, chain, providers);
        Map<String, List<String>> out = new LinkedHashMap<>();
        boolean afterFirst = false;
        for (String provider : chain) {
            if (!providers.isEnabled(provider)) {
                continue;
            }
            if (afterFirst && !planned.containsKey(provider)) {
                List<String> mine = symbols.stream()
                        .filter(s -> providers.serves(provider, s))
                        .toList();
                if (!mine.isEmpty()) {
                    out.put(provider, mine);
                }
            }
            afterFirst |= planned.containsKey(provider);
        }
        return out;
    }

    /** Symbol to the provider expected to serve it. */
    public static Map<String, String> bySymbol(List<String> symbols, List<String> chain, ProviderRegistry providers) {
        Map<String, String> out = new LinkedHashMap<>();
        assign(symbols, chain, providers).forEach((provider, mine) -> mine.forEach(s -> out.put(s, provider)));
        return out;
    }
}
