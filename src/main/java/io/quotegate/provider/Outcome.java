package io.quotegate.provider;

import java.util.Locale;

/**
 * Named outcome of one upstream attempt, or of a decision not to make one. The lowercase label
 * is the {@code outcome} tag of {@code quotegate_upstream_requests_total} and what /trace shows.
 */
public enum Outcome {
    /** The provider answered with quotes. */
    OK(false),
    /** Over the provider's rate limit; carries Retry-After and which window (minute or day; a day limit is not retried). */
    RATE_LIMITED(true),
    /** A monthly or plan quota is used up: nothing leaves before the window resets. */
    QUOTA_EXHAUSTED(false),
    /** The provider rejected symbols; they are quarantined for that provider. */
    INVALID_SYMBOLS(false),
    /**
     * For one symbol of an answer: the provider says its market is closed (Capital.com {@code CLOSED},
     * {@code EDITS_ONLY}, or no price). Not an error: nothing is served for it and nothing quarantined; the
     * symbol's last price stays, and the next provider of the chain may still serve it.
     */
    MARKET_CLOSED(false),
    /** Missing or wrong API key. Never retried. */
    AUTH_FAILED(false),
    /** The plan does not cover this endpoint or symbol. Never retried. */
    PLAN_RESTRICTED(false),
    /** Timeouts, resets, 5xx, HTML error pages. Retried with backoff inside the slot. */
    TRANSIENT(true),
    /** A body we could not read. */
    MALFORMED(false),
    /** The IP is banned (Binance 418); nothing leaves before Retry-After. */
    BANNED(false),
    /** Our own ledger refused the spend, so no request left. */
    BUDGET_DENIED(false),
    /** The circuit breaker is open, so no request left. */
    CIRCUIT_OPEN(false),
    /** The provider is disabled (for example, no API key), so no request left. */
    DISABLED(false);

    private final boolean retryable;

    Outcome(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether a retry inside the slot may help (for RATE_LIMITED, only when the limit is not the day's). */
    public boolean retryable() {
        return retryable;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
