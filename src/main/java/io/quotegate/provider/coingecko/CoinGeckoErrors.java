package io.quotegate.provider.coingecko;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.Window;
import io.quotegate.provider.ErrorText;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Classifies CoinGecko failures. Bodies come as {@code {"status":{"error_code":10002,"error_message":"..."}}},
 * {@code {"error":"..."}} or {@code {"error":{"status":{...}}}}; the HTTP status decides first, the code second.
 *
 * <ul>
 *   <li>429 or error_code 429: {@link Outcome#RATE_LIMITED}, {@link Window#MINUTE}, with {@code Retry-After}.</li>
 *   <li>401, 10002 (key missing), 10010/10011 (Pro/Demo key on the wrong root): {@link Outcome#AUTH_FAILED}.</li>
 *   <li>5xx, 408, 1020 (CDN firewall) and any error whose body is not JSON, such as Cloudflare's 403
 *       {@code error code: 1020} page: {@link Outcome#TRANSIENT}.</li>
 *   <li>403 with a JSON body, or 10005: {@link Outcome#PLAN_RESTRICTED}.</li>
 *   <li>Anything else (400, 404, unknown codes): {@link Outcome#MALFORMED}, a request we built wrong.</li>
 * </ul>
 */
final class CoinGeckoErrors {

    private static final Set<Integer> AUTH_CODES = Set.of(10002, 10010, 10011);

    private CoinGeckoErrors() {}

    /** Whether a readable body is an error object rather than prices (an id named "status" or "error" stays a price). */
    static boolean isError(JsonNode body, SymbolBatch batch) {
        return body.isObject()
                && ((body.path("status").isObject()
                                && !batch.feedSymbolsByProviderSymbol().containsKey("status"))
                        || (body.has("error")
                                && !batch.feedSymbolsByProviderSymbol().containsKey("error")));
    }

    static ProviderException classify(RawResponse raw, @Nullable JsonNode body, KeyRedactor redactor, Clock clock) {
        int status = raw.status();
        Duration retryAfter = raw.retryAfter(clock).orElse(null);
        JsonNode detail = body == null ? null : errorNode(body);
        int code = detail == null ? 0 : detail.path("error_code").asInt(0);
        String message = describe(raw, body, detail, code, redactor);
        if (status == 429 || code == 429) {
            return ProviderException.rateLimited(message, retryAfter, Window.MINUTE);
        }
        if (status == 401 || AUTH_CODES.contains(code)) {
            return ProviderException.of(Outcome.AUTH_FAILED, message);
        }
        if (status >= 500 || status == 408 || body == null || code == 1020) {
            return ProviderException.transientFailure(message, retryAfter);
        }
        if (status == 403 || code == 10005) {
            return ProviderException.of(Outcome.PLAN_RESTRICTED, message);
        }
        return ProviderException.malformed(message);
    }

    /** A 200 whose body is not readable: HTML from a proxy is transient, anything else malformed. */
    static ProviderException unreadable(RawResponse raw, KeyRedactor redactor) {
        String message = "coingecko HTTP " + raw.status() + " unreadable body: " + snippet(raw.body(), redactor);
        return raw.looksLikeHtml()
                ? ProviderException.transientFailure(message, null)
                : ProviderException.malformed(message);
    }

    /** The object holding error_code / error_message, or null for {@code {"error":"text"}}. */
    private static @Nullable JsonNode errorNode(JsonNode body) {
        JsonNode error = body.path("error");
        if (error.isObject()) {
            return error.path("status").isObject() ? error.path("status") : error;
        }
        return body.path("status").isObject() ? body.path("status") : null;
    }

    private static String describe(
            RawResponse raw, @Nullable JsonNode body, @Nullable JsonNode detail, int code, KeyRedactor redactor) {
        String prefix = "coingecko HTTP " + raw.status() + (code == 0 ? "" : " error_code " + code) + ": ";
        if (body == null) {
            return prefix + snippet(raw.body(), redactor);
        }
        String text = detail == null
                ? body.path("error").asString("")
                : detail.path("error_message").asString(detail.path("message").asString(""));
        return prefix + snippet(text, redactor);
    }

    private static String snippet(String text, KeyRedactor redactor) {
        return ErrorText.snippet(text, redactor, "(no message)");
    }
}
