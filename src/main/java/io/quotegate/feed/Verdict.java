package io.quotegate.feed;

import io.quotegate.provider.Outcome;
import java.util.Locale;

/**
 * How one provider of a feed's chain fared in one refresh: an {@link Outcome} of the provider SPI
 * (which includes its decisions not to call: {@code budget_denied}, {@code circuit_open},
 * {@code disabled}), or one of the refresh's own ({@code partial}, {@code skipped},
 * {@code quarantined}, {@code timeout}). The {@link #label()} is what /trace shows.
 */
public sealed interface Verdict permits Verdict.Upstream, Verdict.Refresh {

    Verdict OK = of(Outcome.OK);
    Verdict DISABLED = of(Outcome.DISABLED);

    static Verdict of(Outcome outcome) {
        return new Upstream(outcome);
    }

    String label();

    /**
     * Whether this is something that went wrong with the provider, kept as its last error for /trace.
     * A provider that served, was skipped by the budget's state rules or is disabled has nothing to report.
     */
    default boolean isFailure() {
        return !equals(OK) && this != Refresh.SKIPPED && !equals(DISABLED);
    }

    /** An outcome of the provider SPI. */
    record Upstream(Outcome outcome) implements Verdict {
        @Override
        public String label() {
            return outcome.label();
        }
    }

    /** The refresh's own verdicts, about a provider it did not (fully) hear from. */
    enum Refresh implements Verdict {
        /** The provider answered but rejected some symbols. */
        PARTIAL,
        /** Not asked: the budget's state rules skip this slot, or a last resort would replace real quotes. */
        SKIPPED,
        /** Not asked: every missing symbol is quarantined for this provider. */
        QUARANTINED,
        /** The provider was still being asked when the refresh ran out of time (its slot plus a grace minute). */
        TIMEOUT;

        @Override
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
