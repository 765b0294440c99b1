package io.quotegate.budget;

/** The {@code quotegate.budget.*} fractions, validated to be in order. */
public record Thresholds(double target, double warnAt, double degradeAt, double criticalOnlyAt) {

    public Thresholds {
        if (!(warnAt <= degradeAt && degradeAt <= criticalOnlyAt && criticalOnlyAt <= 1.0)) {
            throw new IllegalArgumentException(
                    "quotegate.budget thresholds must satisfy warn-at <= degrade-at <= critical-only-at <= 1" + " (got "
                            + warnAt + ", " + degradeAt + ", " + criticalOnlyAt + ")");
        }
    }

    public static Thresholds defaults() {
        return new Thresholds(0.5, 0.7, 0.9, 0.95);
    }

    public ProviderState stateFor(double usedFraction) {
        if (usedFraction >= 1.0) {
            return ProviderState.EXHAUSTED;
        }
        if (usedFraction >= criticalOnlyAt) {
            return ProviderState.CRITICAL;
        }
        if (usedFraction >= degradeAt) {
            return ProviderState.DEGRADED;
        }
        if (usedFraction >= warnAt) {
            return ProviderState.WARN;
        }
        return ProviderState.OK;
    }
}
