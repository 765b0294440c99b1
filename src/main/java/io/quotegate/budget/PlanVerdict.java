package io.quotegate.budget;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a provider's plan fares against its limits and the target; the label is what /budget and the table show. */
public enum PlanVerdict {
    /** At or under every limit and the target. */
    OK("ok"),
    /** Under every limit, over the target share of one. */
    OVER_TARGET("over-target"),
    /** Over a day or month limit: the start fails unless overcommit is allowed. */
    OVER_LIMIT("over-limit");

    private final String label;

    PlanVerdict(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
