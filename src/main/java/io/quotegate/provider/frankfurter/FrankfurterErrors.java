package io.quotegate.provider.frankfurter;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.Window;
import io.quotegate.provider.ErrorText;
import io.quotegate.provider.JsonValues;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.RawResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Classifies Frankfurter failures. Its errors are {@code {"message":".."}} with a real status:
 * <ul>
 *   <li>404 {@code not found}: nothing matched (every requested currency unknown) &rarr;
 *       {@code INVALID_SYMBOLS} naming every feed symbol of the batch: a verdict on the one pair of a
 *       one-pair batch; for several it would quarantine the whole request, so the refresh treats it as a
 *       provider fault (feed.AnswerCheck). A 404 without that JSON body is a wrong {@code base-url} &rarr;
 *       {@code MALFORMED}.</li>
 *   <li>422: bad input. When the message mentions a currency ({@code bad currency pair}) &rarr;
 *       {@code INVALID_SYMBOLS}; otherwise &rarr; {@code MALFORMED} (our request was wrong).</li>
 *   <li>429 &rarr; {@code RATE_LIMITED} for the minute, with {@code Retry-After} when sent; the abuse
 *       throttle is undocumented.</li>
 *   <li>408, 5xx (including 503 deadline) and HTML pages &rarr; {@code TRANSIENT}.</li>
 *   <li>Anything else, empty or unreadable bodies &rarr; {@code MALFORMED}.</li>
 * </ul>
 */
final class FrankfurterErrors {

    private final String provider;
    private final KeyRedactor redactor;
    private final Clock clock;

    FrankfurterErrors(String provider, KeyRedactor redactor, Clock clock) {
        this.provider = provider;
        this.redactor = redactor;
        this.clock = clock;
    }

    /**
     * @param root        the parsed body, when it was JSON
     * @param feedSymbols the feed symbols whose currencies were requested
     */
    ProviderException classify(RawResponse raw, Optional<JsonNode> root, Set<String> feedSymbols) {
        int status = raw.status();
        String text = root.map(r -> JsonValues.text(r.get("message"))).orElse(null);
        String message = message(status, text, raw);
        if (status == 429) {
            return ProviderException.rateLimited(message, retryAfter(raw), Window.MINUTE);
        }
        if (status == 404) {
            return text != null
                    ? ProviderException.invalidSymbols(message, feedSymbols)
                    : ProviderException.malformed(message + " (check quotegate.providers." + provider + ".base-url)");
        }
        if (status == 422) {
            boolean aboutCurrency =
                    text != null && text.toLowerCase(Locale.ROOT).contains("currenc");
            return aboutCurrency
                    ? ProviderException.invalidSymbols(message, feedSymbols)
                    : ProviderException.malformed(message);
        }
        if (status == 408 || status >= 500 || root.isEmpty() && raw.looksLikeHtml()) {
            return ProviderException.transientFailure(message, retryAfter(raw));
        }
        return ProviderException.malformed(message);
    }

    private String message(int status, @Nullable String text, RawResponse raw) {
        String detail;
        if (text != null) {
            detail = ErrorText.snippet(text, redactor);
        } else if (raw.body().isBlank()) {
            detail = "answered with an empty body";
        } else {
            detail = raw.looksLikeJson()
                    ? "answered with an unreadable JSON body"
                    : "answered with a non-JSON body" + raw.contentTypeNote();
        }
        return provider + ": HTTP " + status + " " + detail;
    }

    private @Nullable Duration retryAfter(RawResponse raw) {
        return raw.retryAfter(clock).orElse(null);
    }
}
