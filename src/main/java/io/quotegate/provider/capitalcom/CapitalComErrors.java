package io.quotegate.provider.capitalcom;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.Window;
import io.quotegate.provider.ErrorText;
import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Classifies Capital.com's failures. Errors are JSON {@code {"errorCode":"error.…"}} with a real HTTP status;
 * the codes were renamed over time (the documentation of 2022 says {@code error.security.invalid-details} and
 * {@code error.epic.not-found}, that of 2023 {@code error.invalid.details} and {@code error.not-found.epic}),
 * so both generations are read.
 *
 * <ul>
 *   <li>429, or a code about too many requests: {@link Outcome#RATE_LIMITED} (minute window,
 *       {@code Retry-After} when sent).</li>
 *   <li>A refused login: 400 without an API key ({@code error.null.api.key}), 401 wrong login or password
 *       ({@code error.invalid.details}), a refused or missing API key: {@link Outcome#AUTH_FAILED}.</li>
 *   <li>401 or 403 about the session's tokens on a price call: the session is re-created once
 *       ({@link #sessionRefused}), not a failure yet.</li>
 *   <li>404 naming an epic ({@code error.not-found.epic}): {@link Outcome#INVALID_SYMBOLS}, for the one epic
 *       asked, or unnamed (the caller bisects) when several were.</li>
 *   <li>Any other 400: {@link Outcome#MALFORMED}, a request we built wrong ({@code error.null.epic}).</li>
 *   <li>5xx, and error answers that are not JSON (HTML from a proxy): {@link Outcome#TRANSIENT}.</li>
 * </ul>
 */
final class CapitalComErrors {

    private static final Set<String> EPIC_NOT_FOUND = Set.of("error.not-found.epic", "error.epic.not-found");

    private CapitalComErrors() {}

    /** The {@code errorCode} of an error body, or null. */
    static @Nullable String code(RawResponse raw) {
        JsonNode body = JsonValues.container(raw.body());
        return body == null ? null : JsonValues.text(body.get("errorCode"));
    }

    /** Whether a price or keep-alive call was refused for its session's tokens (lapsed or closed session). */
    static boolean sessionRefused(RawResponse raw) {
        if (raw.status() != 401 && raw.status() != 403) {
            return false;
        }
        String code = code(raw);
        return code == null || code.toLowerCase(Locale.ROOT).contains("token");
    }

    /** A failed price call. */
    static ProviderException markets(RawResponse raw, SymbolBatch batch, KeyRedactor redactor, Clock clock) {
        String code = code(raw);
        String message = describe("markets", raw, code, redactor);
        Duration retryAfter = raw.retryAfter(clock).orElse(null);
        if (tooMany(raw, code)) {
            return ProviderException.rateLimited(message, retryAfter, Window.MINUTE);
        }
        if (raw.status() >= 500 || code == null && !raw.isSuccess()) {
            return ProviderException.transientFailure(message, retryAfter);
        }
        if (raw.status() == 404 && code != null && EPIC_NOT_FOUND.contains(code)) {
            return ProviderException.invalidSymbols(message, batch.blamedWhenUnnamed());
        }
        if (raw.status() == 401 || raw.status() == 403) {
            return ProviderException.of(Outcome.AUTH_FAILED, message);
        }
        return ProviderException.malformed(message);
    }

    /** A failed login. */
    static ProviderException login(RawResponse raw, KeyRedactor redactor, Clock clock) {
        String code = code(raw);
        String message = describe("login", raw, code, redactor);
        Duration retryAfter = raw.retryAfter(clock).orElse(null);
        if (tooMany(raw, code)) {
            return ProviderException.rateLimited(message, retryAfter, Window.MINUTE);
        }
        if (raw.status() >= 500 || code == null) {
            return ProviderException.transientFailure(message, retryAfter);
        }
        String lower = code.toLowerCase(Locale.ROOT);
        if (raw.status() == 401
                || raw.status() == 403
                || lower.contains("api.key")
                || lower.contains("api-key")
                || lower.contains("details")) {
            return ProviderException.of(Outcome.AUTH_FAILED, message);
        }
        return ProviderException.malformed(message);
    }

    /** A 2xx answer whose body is not what was asked for: an HTML page is transient, anything else malformed. */
    static ProviderException unreadable(String call, RawResponse raw, KeyRedactor redactor) {
        String message = "capitalcom " + call + " HTTP " + raw.status() + raw.contentTypeNote() + ": unreadable body: "
                + ErrorText.snippet(raw.body(), redactor, "(empty body)");
        return raw.looksLikeHtml()
                ? ProviderException.transientFailure(message, null)
                : ProviderException.malformed(message);
    }

    private static boolean tooMany(RawResponse raw, @Nullable String code) {
        String lower = code == null ? "" : code.toLowerCase(Locale.ROOT);
        return raw.status() == 429 || lower.contains("too-many") || lower.contains("exceeded-request-rate");
    }

    private static String describe(String call, RawResponse raw, @Nullable String code, KeyRedactor redactor) {
        String detail = code != null ? code : ErrorText.snippet(raw.body(), redactor, "(empty body)");
        return "capitalcom " + call + " HTTP " + raw.status() + ": " + ErrorText.snippet(detail, redactor);
    }
}
