package io.quotegate.feed;

import io.quotegate.model.Quote;
import io.quotegate.model.Snapshot;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The quotes of a new snapshot: what a refresh served, and for the rest the last known quote, marked stale
 * (no provider served it), except where a provider answered with an older quote: the held one is newer,
 * so it stays as it is.
 */
final class FeedQuotes {

    /** In the feed's symbol order; a symbol neither served now nor known before is left out. */
    static List<Quote> merge(
            List<String> symbols, Map<String, Quote> served, Set<String> answeredOlder, Optional<Snapshot> previous) {
        Map<String, Quote> last = previous.map(s -> s.data().stream().collect(Collectors.toMap(Quote::symbol, q -> q)))
                .orElse(Map.of());
        List<Quote> data = new ArrayList<>();
        for (String symbol : symbols) {
            Quote fresh = served.get(symbol);
            Quote old = last.get(symbol);
            if (fresh != null) {
                data.add(fresh);
            } else if (old != null) {
                data.add(answeredOlder.contains(symbol) ? old : old.asStale());
            }
        }
        return data;
    }

    /** The provider that served most quotes; {@code fallback} when none did. */
    static String source(Collection<Quote> served) {
        return served.stream()
                .collect(Collectors.groupingBy(Quote::source, LinkedHashMap::new, Collectors.counting()))
                .entrySet()
                .stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse("fallback");
    }

    /** {@code items} in lists of at most {@code size}, in order. */
    static <T> List<List<T>> partition(List<T> items, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            out.add(List.copyOf(items.subList(i, Math.min(items.size(), i + size))));
        }
        return out;
    }

    private FeedQuotes() {}
}
