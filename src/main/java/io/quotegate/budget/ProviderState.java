package io.quotegate.budget;

import java.util.Locale;

/**
 * How far a provider's budget is used, by the fullest of its day and month windows against the
 * {@code quotegate.budget.*} thresholds: ok, warn (warn-at), degraded (degrade-at: normal feeds run
 * every other slot), critical (critical-only-at: only critical feeds spend), exhausted (limit reached).
 * The minute window does not count: it resets within the slot and is handled by waiting.
 */
public enum ProviderState {
    OK,
    WARN,
    DEGRADED,
    CRITICAL,
    EXHAUSTED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Numeric form for the {@code quotegate_budget_state} gauge: 0 ok ... 4 exhausted. */
    public int level() {
        return ordinal();
    }
}
