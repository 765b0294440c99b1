package io.quotegate.budget;

import io.quotegate.model.Window;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's answer to a {@link Spend}: granted now (and already counted), wait this long and ask
 * again (the minute is full), or denied with the reason. A denial is an ordinary result, not an error.
 *
 * @param delay  for {@link Kind#WAIT}: real time until the blocking window resets
 * @param window the window that decided, when one did
 */
public record Decision(
        Kind kind,
        Spend spend,
        Duration delay,
        String reason,
        @Nullable Window window) {

    public enum Kind {
        GRANTED,
        WAIT,
        DENIED
    }

    public static Decision granted(Spend spend) {
        return new Decision(Kind.GRANTED, spend, Duration.ZERO, "granted", null);
    }

    public static Decision waitFor(Spend spend, Duration wait, Window window, String reason) {
        return new Decision(Kind.WAIT, spend, wait, reason, window);
    }

    public static Decision denied(Spend spend, String reason, @Nullable Window window) {
        return new Decision(Kind.DENIED, spend, Duration.ZERO, reason, window);
    }

    /** The line both ledgers log for a decision that did not grant: kind, credits, feed, provider, purpose, reason. */
    String summary() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " " + spend.credits() + " credits for " + spend.feed()
                + " on " + spend.provider() + " (" + spend.purpose() + "): " + reason;
    }

    public boolean granted() {
        return kind == Kind.GRANTED;
    }
}
