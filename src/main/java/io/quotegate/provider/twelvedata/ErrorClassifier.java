package io.quotegate.provider.twelvedata;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.Window;
import io.quotegate.provider.ErrorText;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns Twelve Data's error signals into outcomes. Errors arrive as
 * {@code {"code":<int>,"message":"...","status":"error"}}, very often with HTTP 200, so the body
 * code wins over the HTTP status; the message decides between the minute and the daily limit and
 * spots plan restrictions. Every message is redacted before it leaves this class.
 */
final class ErrorClassifier {

    private static final Pattern NOT_FOUND_SYMBOL =
            Pattern.compile("(?i)not\\s+found\\s*:\\s*([^\\s,;]+?)[.,;]?(?:\\s|$)");

    private final KeyRedactor redactor;
    private final Clock clock;

    ErrorClassifier(KeyRedactor redactor, Clock clock) {
        this.redactor = redactor;
        this.clock = clock;
    }

    /**
     * The outcome of an error code (body {@code code}, else HTTP status; 0 when neither) and message.
     * 414 "parameter too long" is {@link Outcome#MALFORMED}: our request, not any one symbol, is at
     * fault, and sending it again cannot succeed (lower {@code max-batch}).
     */
    Outcome outcomeOf(int code, String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (code == 429 || m.contains("run out of api credits")) {
            return Outcome.RATE_LIMITED;
        }
        if (code == 401) {
            return Outcome.AUTH_FAILED;
        }
        if (code == 403 || isPlanWording(m)) {
            return Outcome.PLAN_RESTRICTED;
        }
        if (code == 404 || ((code == 400 || code == 0) && isSymbolWording(m))) {
            return Outcome.INVALID_SYMBOLS;
        }
        if (code >= 500) {
            return Outcome.TRANSIENT;
        }
        return Outcome.MALFORMED;
    }

    /** The whole call failed with this code and upstream message. */
    ProviderException callFailed(int code, String upstreamMessage, RawResponse raw, SymbolBatch mapping) {
        String message = describe(code, upstreamMessage);
        Outcome outcome = outcomeOf(code, upstreamMessage);
        return switch (outcome) {
            case RATE_LIMITED -> ProviderException.rateLimited(message, retryAfter(raw), windowOf(upstreamMessage));
            case TRANSIENT -> ProviderException.transientFailure(message, retryAfter(raw));
            case INVALID_SYMBOLS ->
                ProviderException.invalidSymbols(message, rejectedSymbols(upstreamMessage, mapping));
            case MALFORMED -> ProviderException.malformed(message);
            default -> ProviderException.of(outcome, message);
        };
    }

    /**
     * A body that is not JSON (HTML error pages, plain text, truncated JSON on an error status):
     * 429, 401 and 403 keep their meaning, 404 is a path that does not exist (malformed), anything else
     * is a transient upstream failure.
     */
    ProviderException notJson(RawResponse raw, String what) {
        String message = TwelveDataProviderFactory.NAME + " answered HTTP " + raw.status() + " with " + what
                + raw.contentTypeNote();
        if (raw.status() == 404) {
            // A page that does not exist, for the whole request: a moved path or a wrong base-url, never a
            // verdict on a symbol, and asking again cannot help.
            return ProviderException.malformed(
                    message + " (check quotegate.providers." + TwelveDataProviderFactory.NAME + ".base-url)");
        }
        Outcome outcome = outcomeOf(raw.status(), "");
        return switch (outcome) {
            case RATE_LIMITED -> ProviderException.rateLimited(message, retryAfter(raw), Window.MINUTE);
            case AUTH_FAILED, PLAN_RESTRICTED -> ProviderException.of(outcome, message);
            default -> ProviderException.transientFailure(message, retryAfter(raw));
        };
    }

    ProviderException malformed(String detail) {
        return ProviderException.malformed(TwelveDataProviderFactory.NAME + ": " + clean(detail));
    }

    /**
     * Which limit a rate-limit message is about: "current minute" is the per-minute credit limit,
     * day wordings the Basic plan's daily cap (exact daily text is unconfirmed, so several are
     * matched). An unrecognised wording counts as the minute limit, the only one every plan has.
     */
    static Window windowOf(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("current minute")) {
            return Window.MINUTE;
        }
        if (m.contains("for the day")
                || m.contains("daily")
                || m.contains("per day")
                || m.contains("today")
                || m.contains("next day")
                || m.contains("current day")) {
            return Window.DAY;
        }
        return Window.MINUTE;
    }

    /** "twelvedata 429: <upstream message>", redacted and bounded. */
    String describe(int code, String upstreamMessage) {
        String text = upstreamMessage.isBlank() ? "error without message" : upstreamMessage;
        return TwelveDataProviderFactory.NAME + " " + (code > 0 ? code : "error") + ": " + clean(text);
    }

    /** Upstream text made fit for a message ({@link ErrorText#snippet}). */
    String clean(String text) {
        return ErrorText.snippet(text, redactor);
    }

    private @Nullable Duration retryAfter(RawResponse raw) {
        return raw.retryAfter(clock).orElse(null);
    }

    /** The single symbol of a one-symbol call, else the requested symbol the message names, else none. */
    private static Set<String> rejectedSymbols(String message, SymbolBatch mapping) {
        if (mapping.isSingle()) {
            return mapping.sentFeedSymbols();
        }
        Set<String> named = new LinkedHashSet<>();
        Matcher m = NOT_FOUND_SYMBOL.matcher(message);
        while (m.find()) {
            named.addAll(mapping.feedSymbols(m.group(1)));
        }
        return named;
    }

    private static boolean isPlanWording(String lowerMessage) {
        return lowerMessage.contains("with your plan")
                || lowerMessage.contains("available starting with")
                || lowerMessage.contains("your current plan")
                || lowerMessage.contains("upgrade your plan");
    }

    private static boolean isSymbolWording(String lowerMessage) {
        return (lowerMessage.contains("symbol") && lowerMessage.contains("not found"))
                || lowerMessage.contains("invalid symbol");
    }
}
