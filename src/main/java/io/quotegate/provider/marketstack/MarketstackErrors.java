package io.quotegate.provider.marketstack;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.Window;
import io.quotegate.provider.ErrorText;
import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.RawResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Classifies Marketstack failures. Marketstack answers errors with real HTTP statuses and
 * {@code {"error":{"code":"<string>","message":"..","context":..}}}; the legacy apilayer envelope
 * {@code {"success":false,"error":{"code":101,"type":"invalid_access_key","info":".."}}} (possibly
 * with HTTP 200) is read too. The code (or legacy {@code type}) decides; the status is the fallback.
 *
 * <p>Every message passes through the {@link KeyRedactor}: the key travels in the query string,
 * and error bodies echo parameter hints such as {@code access_key=...}.
 */
final class MarketstackErrors {

    private final String provider;
    private final KeyRedactor redactor;
    private final Clock clock;

    MarketstackErrors(String provider, KeyRedactor redactor, Clock clock) {
        this.provider = provider;
        this.redactor = redactor;
        this.clock = clock;
    }

    /** True when the body carries an error envelope, whatever the status. */
    static boolean isError(JsonNode root) {
        return root.hasNonNull("error")
                || root.path("success").isBoolean() && !root.path("success").booleanValue();
    }

    /** An error envelope, classified by its code, then by the HTTP status. */
    ProviderException fromEnvelope(RawResponse raw, JsonNode root, Set<String> feedSymbols) {
        JsonNode error = root.path("error");
        String code = code(error);
        String text = JsonValues.text(error.get("message"));
        if (text == null) {
            text = JsonValues.text(error.get("info"));
        }
        if (text == null && !error.isObject()) {
            text = JsonValues.text(error);
        }
        JsonNode context = error.path("context");
        String detail = (code == null ? "" : code + ": ")
                + (text == null ? "no message" : text)
                + (context.isContainer() && !context.isEmpty() ? " " + context : "");
        String message = message(raw.status(), detail);
        Outcome byCode = code == null ? null : byCode(code);
        return byCode == null ? fromStatus(raw, message, feedSymbols) : build(byCode, raw, message, feedSymbols);
    }

    /** A failure without a readable envelope: a non-2xx status, or a 2xx that is not JSON. */
    ProviderException fromBody(RawResponse raw, Set<String> feedSymbols) {
        String kind = raw.body().isBlank()
                ? "an empty body"
                : raw.looksLikeJson() ? "an unusable JSON body" : "a non-JSON body" + raw.contentTypeNote();
        String message = message(raw.status(), "answered with " + kind);
        if (raw.isSuccess()) {
            return raw.looksLikeHtml()
                    ? ProviderException.transientFailure(message, retryAfter(raw))
                    : ProviderException.malformed(message);
        }
        return fromStatus(raw, message, feedSymbols);
    }

    private ProviderException fromStatus(RawResponse raw, String message, Set<String> feedSymbols) {
        int status = raw.status();
        Outcome outcome = switch (status) {
            case 401 -> Outcome.AUTH_FAILED;
            case 403 -> Outcome.PLAN_RESTRICTED;
            case 429 -> Outcome.RATE_LIMITED;
            case 408 -> Outcome.TRANSIENT;
            default -> status >= 500 ? Outcome.TRANSIENT : Outcome.MALFORMED;
        };
        return build(outcome, raw, message, feedSymbols);
    }

    private ProviderException build(Outcome outcome, RawResponse raw, String text, Set<String> feedSymbols) {
        String message = raw.status() == 404 ? text + " (check quotegate.providers." + provider + ".base-url)" : text;
        return switch (outcome) {
            case RATE_LIMITED -> ProviderException.rateLimited(message, retryAfter(raw), Window.MINUTE);
            case QUOTA_EXHAUSTED -> ProviderException.quotaExhausted(message, Window.MONTH);
            case INVALID_SYMBOLS -> ProviderException.invalidSymbols(message, feedSymbols);
            case TRANSIENT -> ProviderException.transientFailure(message, retryAfter(raw));
            default -> ProviderException.of(outcome, message);
        };
    }

    /** Outcome of a v2 string code or a legacy {@code type}/numeric code; null when unknown. */
    static @Nullable Outcome byCode(String code) {
        return switch (code.toLowerCase(Locale.ROOT)) {
            case "unauthorized", "invalid_access_key", "missing_access_key", "inactive_user", "101", "102" ->
                Outcome.AUTH_FAILED;
            case "function_access_restricted", "https_access_restricted", "105" -> Outcome.PLAN_RESTRICTED;
            case "too_many_requests", "usage_limit_reached", "104" -> Outcome.QUOTA_EXHAUSTED;
            case "rate_limit_reached" -> Outcome.RATE_LIMITED;
            case "no_valid_symbols_provided", "data_not_available" -> Outcome.INVALID_SYMBOLS;
            case "validation_error", "invalid_api_function", "404_not_found", "103" -> Outcome.MALFORMED;
            case "internal_error" -> Outcome.TRANSIENT;
            default -> null;
        };
    }

    /** The v2 string code, else the legacy {@code type}, else the legacy numeric code. */
    private static @Nullable String code(JsonNode error) {
        JsonNode code = error.path("code");
        if (code.isString()) {
            return JsonValues.text(code);
        }
        String type = JsonValues.text(error.get("type"));
        return type != null ? type : JsonValues.text(code);
    }

    private String message(int status, String detail) {
        return redactor.redact(provider + ": HTTP " + status + " " + ErrorText.snippet(detail, redactor));
    }

    private @Nullable Duration retryAfter(RawResponse raw) {
        return raw.retryAfter(clock).orElse(null);
    }
}
