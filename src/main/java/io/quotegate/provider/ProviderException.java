package io.quotegate.provider;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.Window;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A classified batch-level failure of one provider call. Adapters signal it through
 * {@code Mono.error}; they never throw. The message is already free of API keys
 * ({@link KeyRedactor}), and no stack trace is captured: these are expected outcomes.
 */
public final class ProviderException extends RuntimeException {

    private final Outcome outcome;
    private final @Nullable Duration retryAfter;
    private final @Nullable Window window;
    private final Set<String> symbols;
    private final int status;

    private ProviderException(
            Outcome outcome,
            String message,
            @Nullable Duration retryAfter,
            @Nullable Window window,
            Set<String> symbols,
            int status) {
        super(message, null, false, false);
        this.outcome = outcome;
        this.retryAfter = retryAfter;
        this.window = window;
        this.symbols = Set.copyOf(symbols);
        this.status = status;
    }

    private ProviderException(
            Outcome outcome,
            String message,
            @Nullable Duration retryAfter,
            @Nullable Window window,
            Set<String> symbols) {
        this(outcome, message, retryAfter, window, symbols, 0);
    }

    public static ProviderException of(Outcome outcome, String message) {
        return new ProviderException(outcome, message, null, null, Set.of());
    }

    /** Over a rate limit; {@code window} says whether it resets at the next minute or at 00:00 UTC. */
    public static ProviderException rateLimited(
            String message, @Nullable Duration retryAfter, @Nullable Window window) {
        return new ProviderException(Outcome.RATE_LIMITED, message, retryAfter, window, Set.of());
    }

    public static ProviderException banned(String message, @Nullable Duration retryAfter) {
        return new ProviderException(Outcome.BANNED, message, retryAfter, null, Set.of());
    }

    public static ProviderException quotaExhausted(String message, @Nullable Window window) {
        return new ProviderException(Outcome.QUOTA_EXHAUSTED, message, null, window, Set.of());
    }

    /** The provider rejected these feed symbols (or, when empty, some unnamed symbol of the batch). */
    public static ProviderException invalidSymbols(String message, Set<String> feedSymbols) {
        return new ProviderException(Outcome.INVALID_SYMBOLS, message, null, null, feedSymbols);
    }

    public static ProviderException transientFailure(String message, @Nullable Duration retryAfter) {
        return new ProviderException(Outcome.TRANSIENT, message, retryAfter, null, Set.of());
    }

    public static ProviderException malformed(String message) {
        return new ProviderException(Outcome.MALFORMED, message, null, null, Set.of());
    }

    /**
     * The one rule for a response we cannot read: when reading an answer crashes (a parser bug, or a
     * shape no parser expected), the call is {@link Outcome#MALFORMED}, for every provider, and is not
     * retried: the same answer would crash again, and every retry spends credits. The message names the
     * exception type and where it was thrown, never its text, which may quote the body (and so a key).
     */
    public static ProviderException unreadable(String provider, Throwable crash) {
        return malformed(
                provider + ": could not read the response: " + crash.getClass().getSimpleName() + where(crash));
    }

    private static String where(Throwable crash) {
        for (StackTraceElement frame : crash.getStackTrace()) {
            if (frame.getClassName().startsWith("io.quotegate.")) {
                String type =
                        frame.getClassName().substring(frame.getClassName().lastIndexOf('.') + 1);
                return " at " + type + "." + frame.getMethodName() + ":" + frame.getLineNumber();
            }
        }
        return "";
    }

    public Outcome outcome() {
        return outcome;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    public @Nullable Window window() {
        return window;
    }

    public Set<String> symbols() {
        return symbols;
    }

    /** The HTTP status of the answer this failure was read from; 0 when no answer came (a timeout, a reset). */
    public int status() {
        return status;
    }

    /** The same failure, read from an answer with this HTTP status ({@link RawResponse#read} sets it). */
    public ProviderException withStatus(int httpStatus) {
        String message = getMessage();
        return httpStatus == status
                ? this
                : new ProviderException(
                        outcome, message == null ? outcome.label() : message, retryAfter, window, symbols, httpStatus);
    }
}
