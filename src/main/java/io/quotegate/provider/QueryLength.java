package io.quotegate.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits a batch so that the query string of each part stays within a length. Providers without a
 * documented batch maximum still fail on long URLs (Kraken answered 414 and 520 to lists of hundreds of
 * pairs), so for them a count of symbols is not the limit that matters.
 */
public final class QueryLength {

    private QueryLength() {}

    /**
     * Cuts {@code feedSymbols} into consecutive parts, in order, each as long as it can be without its query
     * exceeding {@code max} characters. A symbol too long to fit even alone makes a part of its own: the
     * adapter refuses it locally rather than send it.
     *
     * @param max       the longest query one call may carry, in characters
     * @param fixed     characters every query carries whatever its symbols (other parameters, a {@code pair=})
     * @param perSymbol characters one feed symbol adds, separator included, as sent (URL-encoded)
     */
    public static List<List<String>> split(
            List<String> feedSymbols, int max, int fixed, ToIntFunction<String> perSymbol) {
        List<List<String>> parts = new ArrayList<>();
        List<String> part = new ArrayList<>();
        int length = fixed;
        for (String symbol : feedSymbols) {
            int cost = perSymbol.applyAsInt(symbol);
            if (!part.isEmpty() && length + cost > max) {
                parts.add(List.copyOf(part));
                part.clear();
                length = fixed;
            }
            part.add(symbol);
            length += cost;
        }
        if (!part.isEmpty()) {
            parts.add(List.copyOf(part));
        }
        return parts.isEmpty() ? List.of(List.of()) : parts;
    }
}
