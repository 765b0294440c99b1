package io.quotegate.budget;

import java.util.List;

/** What one feed asks of the provider expected to serve it (the first enabled one of its chain). */
public record Demand(String feed, String provider, int symbols, List<Integer> slots, int maxBatch) {

    public Demand {
        slots = List.copyOf(slots);
    }
}
