package io.quotegate.budget;

import java.util.Map;

/** Every provider's budget, its max batch, and the thresholds that grade them. */
public record Budgets(Map<String, Budget> byProvider, Map<String, Integer> maxBatch, Thresholds thresholds) {

    public Budgets {
        byProvider = Map.copyOf(byProvider);
        maxBatch = Map.copyOf(maxBatch);
    }
}
