package io.quotegate.budget;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One thing the planner has to say about a provider's plan: what it is about (decisions read this, never the
 * sentence) and the sentence for people (what /budget, the table and the start's log show).
 */
public record PlanProblem(PlanVerdict kind, String sentence) {

    /** A sentence about the per-minute stagger: the ledger defers the rest, so the plan still fits. */
    static PlanProblem stagger(String sentence) {
        return new PlanProblem(PlanVerdict.OK, sentence);
    }

    @JsonValue
    @Override
    public String sentence() {
        return sentence;
    }

    @Override
    public String toString() {
        return sentence;
    }
}
