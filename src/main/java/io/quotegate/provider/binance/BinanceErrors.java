package io.quotegate.provider.binance;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.Window;
import io.quotegate.provider.ErrorText;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Classifies Binance failures ({@code {"code":-1121,"msg":"Invalid symbol."}} bodies and HTTP codes).
 * Upstream text is redacted and shortened before it goes into a message.
 *
 * <ul>
 *   <li>418: IP banned, {@link Outcome#BANNED} until {@code Retry-After}.</li>
 *   <li>429 or code -1003: {@link Outcome#RATE_LIMITED}, {@link Window#MINUTE}, with {@code Retry-After}.</li>
 *   <li>5xx, or any error whose body is not JSON (HTML from a proxy or CDN): {@link Outcome#TRANSIENT}.</li>
 *   <li>403 (WAF): {@link Outcome#TRANSIENT}. No key is involved, so it is not an auth failure; WAF blocks are
 *       usually temporary, and TRANSIENT lets the circuit breaker back off instead of disabling the provider.</li>
 *   <li>451 (restricted location): {@link Outcome#PLAN_RESTRICTED}; this host cannot use the endpoint.</li>
 *   <li>-1121: {@link Outcome#INVALID_SYMBOLS}, naming the feed symbols only when one Binance symbol was sent
 *       (Binance fails the whole batch and does not say which symbol; an empty set makes the caller bisect).</li>
 *   <li>-1100, -1102 and any other 4xx code (e.g. -1122, -1128): {@link Outcome#MALFORMED}, a request we built
 *       wrong; retrying it cannot help.</li>
 * </ul>
 */
final class BinanceErrors {

    private BinanceErrors() {}

    static ProviderException classify(
            RawResponse raw, @Nullable JsonNode body, SymbolBatch batch, KeyRedactor redactor, Clock clock) {
        int status = raw.status();
        Duration retryAfter = raw.retryAfter(clock).orElse(null);
        int code = body == null ? 0 : body.path("code").asInt(0);
        String message = describe(raw, body, code, redactor);
        if (status == 418) {
            return ProviderException.banned(message, retryAfter);
        }
        if (status == 429 || code == -1003) {
            return ProviderException.rateLimited(message, retryAfter, Window.MINUTE);
        }
        if (status >= 500 || body == null) {
            return ProviderException.transientFailure(message, retryAfter);
        }
        if (status == 403) {
            return ProviderException.transientFailure("WAF rejected the request: " + message, retryAfter);
        }
        if (status == 451) {
            return ProviderException.of(Outcome.PLAN_RESTRICTED, message);
        }
        if (code == -1121) {
            return ProviderException.invalidSymbols(message, batch.blamedWhenUnnamed());
        }
        return ProviderException.malformed(message);
    }

    /** A 200 whose body is not a readable ticker: HTML from a proxy is transient, anything else malformed. */
    static ProviderException unreadable(RawResponse raw, KeyRedactor redactor) {
        String message = "binance HTTP " + raw.status() + " unreadable body: " + snippet(raw.body(), redactor);
        return raw.looksLikeHtml()
                ? ProviderException.transientFailure(message, null)
                : ProviderException.malformed(message);
    }

    private static String describe(RawResponse raw, @Nullable JsonNode body, int code, KeyRedactor redactor) {
        if (body == null) {
            return "binance HTTP " + raw.status() + ": " + snippet(raw.body(), redactor);
        }
        String msg = body.path("msg").asString("");
        return "binance HTTP " + raw.status() + " code " + code + ": " + snippet(msg, redactor);
    }

    private static String snippet(String text, KeyRedactor redactor) {
        return ErrorText.snippet(text, redactor, "(empty body)");
    }
}
