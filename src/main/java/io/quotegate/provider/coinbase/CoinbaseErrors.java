package io.quotegate.provider.coinbase;

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
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Classifies Coinbase failures. Advanced Trade answers errors with an HTTP status and, usually,
 * {@code {"error":"NOT_FOUND","error_details":"...","message":"..."}}; its gateway sometimes answers with an
 * HTML page instead (recorded for a 429).
 *
 * <ul>
 *   <li>429: {@link Outcome#RATE_LIMITED}, {@link Window#MINUTE} (the limit is 10 a second per IP), with
 *       {@code Retry-After}, whatever the body.</li>
 *   <li>404 or 400 whose message is about a product id ({@code "valid product_id is required"}, recorded for
 *       an unknown product): {@link Outcome#INVALID_SYMBOLS}, naming the products the message names, else
 *       the only one sent, else none (the caller bisects).</li>
 *   <li>Any other 404 ({@code {"error":"unknown","error_details":"Not Found"}}, recorded for a path that does
 *       not exist): {@link Outcome#MALFORMED}: the request is wrong (the base URL or path), not a symbol.</li>
 *   <li>401 and 403: {@link Outcome#TRANSIENT}. No key is sent, so neither is a verdict on a key; Coinbase
 *       answered throttled public calls with 401 (coinbase-advanced-py#60), and a 403 is the CDN's.</li>
 *   <li>5xx, 408 and any error page that is not JSON: {@link Outcome#TRANSIENT}.</li>
 *   <li>Any other status: {@link Outcome#MALFORMED}.</li>
 * </ul>
 */
final class CoinbaseErrors {

    private CoinbaseErrors() {}

    static ProviderException classify(RawResponse raw, SymbolBatch batch, KeyRedactor redactor, Clock clock) {
        int status = raw.status();
        JsonNode body = JsonValues.container(raw.body());
        String text = body == null ? "" : describe(body);
        String message = "coinbase HTTP " + status + raw.contentTypeNote() + ": "
                + ErrorText.snippet(body == null ? raw.body() : text, redactor, "(empty body)");
        Duration retryAfter = raw.retryAfter(clock).orElse(null);
        if (status == 429) {
            return ProviderException.rateLimited(message, retryAfter, Window.MINUTE);
        }
        if ((status == 404 || status == 400) && body != null && aboutProducts(text)) {
            Set<String> named = named(text, batch);
            return ProviderException.invalidSymbols(message, named.isEmpty() ? batch.blamedWhenUnnamed() : named);
        }
        if (status >= 500 || status == 401 || status == 403 || status == 408 || body == null || raw.looksLikeHtml()) {
            return ProviderException.transientFailure(message, retryAfter);
        }
        if (status == 404) {
            return ProviderException.malformed(message + " (no such path: check base-url)");
        }
        return ProviderException.malformed(message);
    }

    /** A 2xx whose body is not a product list: HTML from a proxy is transient, anything else malformed. */
    static ProviderException unreadable(RawResponse raw, KeyRedactor redactor) {
        String message = "coinbase HTTP " + raw.status() + raw.contentTypeNote() + " unreadable body: "
                + ErrorText.snippet(raw.body(), redactor, "(empty body)");
        return raw.looksLikeHtml()
                ? ProviderException.transientFailure(message, null)
                : ProviderException.malformed(message);
    }

    private static String describe(JsonNode body) {
        String error = text(body.get("error"));
        String details = text(body.get("error_details"));
        String message = text(body.get("message"));
        StringBuilder out = new StringBuilder(error == null ? "" : error);
        for (String part : new String[] {details, message}) {
            if (part != null && !out.toString().contains(part)) {
                out.append(out.isEmpty() ? "" : ": ").append(part);
            }
        }
        return out.toString();
    }

    private static boolean aboutProducts(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        return t.contains("product_id") || t.contains("productid") || t.contains("product id");
    }

    /** The feed symbols of the products a message names. */
    private static Set<String> named(String text, SymbolBatch batch) {
        String upper = text.toUpperCase(Locale.ROOT);
        return batch.feedSymbolsByProviderSymbol().entrySet().stream()
                .filter(e -> upper.contains(e.getKey()))
                .flatMap(e -> e.getValue().stream())
                .collect(Collectors.toSet());
    }

    private static @Nullable String text(@Nullable JsonNode node) {
        return JsonValues.text(node);
    }
}
