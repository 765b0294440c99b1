package io.quotegate.provider.alpaca;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.Window;
import io.quotegate.provider.ErrorText;
import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * Classifies Alpaca failures: an HTTP status with {@code {"message":"..."}} or
 * {@code {"code":40110000,"message":"..."}}, or, from its nginx front, an HTML page.
 *
 * <ul>
 *   <li>429: {@link Outcome#RATE_LIMITED}, {@link Window#MINUTE} (200 calls a minute per account), with
 *       {@code Retry-After} or the time until {@code X-RateLimit-Reset}.</li>
 *   <li>403 or 422 whose message says the subscription does not permit the data ("subscription does not
 *       permit querying recent SIP data", "...data from the past 15 minutes"): {@link Outcome#PLAN_RESTRICTED}.</li>
 *   <li>401, and any other 403 ({@code {"message": "forbidden."}}, nginx's HTML page): the key pair was
 *       refused, {@link Outcome#AUTH_FAILED}.</li>
 *   <li>400 or 422 about a symbol: {@link Outcome#INVALID_SYMBOLS} for the symbols the message names, else the
 *       only one sent, else none (the caller bisects).</li>
 *   <li>5xx, 408 and any other error page that is not JSON: {@link Outcome#TRANSIENT}.</li>
 *   <li>Anything else, 404 among them (a path that does not exist): {@link Outcome#MALFORMED}.</li>
 * </ul>
 */
final class AlpacaErrors {

    private AlpacaErrors() {}

    static ProviderException classify(RawResponse raw, SymbolBatch batch, KeyRedactor redactor, Clock clock) {
        int status = raw.status();
        JsonNode body = JsonValues.container(raw.body());
        String text = body == null ? "" : text(body);
        String message = "alpaca HTTP " + status + raw.contentTypeNote() + ": "
                + ErrorText.snippet(body == null ? raw.body() : text, redactor, "(empty body)");
        String lower = text.toLowerCase(Locale.ROOT);
        if (status == 429) {
            return ProviderException.rateLimited(message, AlpacaUsage.retryAfter(raw, clock), Window.MINUTE);
        }
        if ((status == 403 || status == 422) && (lower.contains("subscription") || lower.contains("permit"))) {
            return ProviderException.of(Outcome.PLAN_RESTRICTED, message);
        }
        if (status == 401 || status == 403) {
            return ProviderException.of(Outcome.AUTH_FAILED, message);
        }
        if ((status == 400 || status == 422) && lower.contains("symbol")) {
            Set<String> named = named(text, batch);
            return ProviderException.invalidSymbols(message, named.isEmpty() ? batch.blamedWhenUnnamed() : named);
        }
        if (status >= 500 || status == 408 || body == null) {
            return ProviderException.transientFailure(message, AlpacaUsage.retryAfter(raw, clock));
        }
        return ProviderException.malformed(message);
    }

    /** A 2xx whose body is not a snapshot map: HTML from a proxy is transient, anything else malformed. */
    static ProviderException unreadable(RawResponse raw, KeyRedactor redactor) {
        String message = "alpaca HTTP " + raw.status() + raw.contentTypeNote() + " unreadable body: "
                + ErrorText.snippet(raw.body(), redactor, "(empty body)");
        return raw.looksLikeHtml()
                ? ProviderException.transientFailure(message, null)
                : ProviderException.malformed(message);
    }

    private static String text(JsonNode body) {
        String message = JsonValues.text(body.get("message"));
        String code = JsonValues.text(body.get("code"));
        if (message == null) {
            return body.toString();
        }
        return code == null ? message : "code " + code + ": " + message;
    }

    private static Set<String> named(String text, SymbolBatch batch) {
        Set<String> words = Set.of(text.toUpperCase(Locale.ROOT).split("[^A-Z0-9.-]+"));
        return batch.feedSymbolsByProviderSymbol().entrySet().stream()
                .filter(e -> words.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream())
                .collect(Collectors.toSet());
    }
}
