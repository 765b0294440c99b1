package io.quotegate.budget;

import io.quotegate.model.Priority;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What one feed asks of a provider expected to serve (some of) its symbols: the first enabled one of its chain that
 * serves them ({@link Chains}), or, for a fallback's standby plan, a later one.
 *
 * @param names    the feed's symbols (their markets decide which slots spend)
 * @param priority critical feeds keep their slots when the planner fits the plan
 */
public record Demand(
        String feed,
        String provider,
        int symbols,
        List<Integer> slots,
        int maxBatch,
        List<String> names,
        Priority priority) {

    public Demand {
        slots = List.copyOf(slots);
        names = List.copyOf(names);
    }

    /** A normal-priority demand whose symbols trade around the clock. */
    public Demand(String feed, String provider, int symbols, List<Integer> slots, int maxBatch) {
        this(
                feed,
                provider,
                symbols,
                slots,
                maxBatch,
                IntStream.rangeClosed(1, symbols).mapToObj(i -> feed + "#" + i).toList(),
                Priority.NORMAL);
    }

    public Demand(
            String feed, String provider, List<String> names, List<Integer> slots, int maxBatch, Priority priority) {
        this(feed, provider, names.size(), slots, maxBatch, names, priority);
    }
}
