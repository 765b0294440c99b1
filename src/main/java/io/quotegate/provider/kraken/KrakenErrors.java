package io.quotegate.provider.kraken;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.Window;
import io.quotegate.provider.ErrorText;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Classifies Kraken failures. Kraken answers most of them with HTTP 200 and a non-empty {@code error} array
 * of {@code "<severity><category>:<message>"} strings ({@code E} error, {@code W} warning, which is not a
 * failure); its Cloudflare front answers others with an HTTP status and often an HTML page.
 *
 * <ul>
 *   <li>{@code EGeneral:Too many requests}, {@code EAPI:Rate limit exceeded}, {@code EService:Throttled}, HTTP
 *       429: {@link Outcome#RATE_LIMITED}, {@link Window#MINUTE} (Kraken restricts "for a few seconds"), with
 *       {@code Retry-After}, or the time {@code EService: Throttled: <unix seconds>} names.</li>
 *   <li>{@code EQuery:*} ({@code Unknown asset pair}) and {@code EGeneral:Invalid arguments} (what Kraken
 *       answered to a pair it no longer lists): {@link Outcome#INVALID_SYMBOLS}, naming the feed symbols
 *       only when one pair was sent; Kraken does not say which pair, so an empty set makes the caller
 *       bisect.</li>
 *   <li>{@code EService:*} ({@code Unavailable}, {@code Busy}), {@code EGeneral:Internal error}, HTTP 5xx
 *       (Cloudflare's 520 among them), 403 and 408, and any error page that is not JSON:
 *       {@link Outcome#TRANSIENT}. No key is sent, so a 403 is Cloudflare's, not an auth verdict.</li>
 *   <li>{@code EAPI:Invalid key}, {@code EGeneral:Permission denied}: {@link Outcome#AUTH_FAILED} (public
 *       calls should never see them).</li>
 *   <li>HTTP 414 and every other error: {@link Outcome#MALFORMED}, a request we built wrong.</li>
 * </ul>
 */
final class KrakenErrors {

    private static final Pattern THROTTLED_UNTIL = Pattern.compile("(?i)EService:\\s*Throttled:\\s*(\\d{1,12})");

    private KrakenErrors() {}

    /** The errors (severity {@code E}) of an {@code error} array; warnings are left out. */
    static List<String> errors(List<String> entries) {
        return entries.stream().filter(e -> e.startsWith("E")).toList();
    }

    /** Whether every error is a verdict on pairs ({@code EQuery}), which a partial result can accompany. */
    static boolean onlyAboutPairs(List<String> errors) {
        return !errors.isEmpty() && errors.stream().allMatch(e -> e.startsWith("EQuery:"));
    }

    /** A failure named by Kraken's {@code error} array. */
    static ProviderException classify(
            RawResponse raw, List<String> errors, SymbolBatch batch, KeyRedactor redactor, Clock clock) {
        String message = "kraken HTTP " + raw.status() + ": " + snippet(String.join("; ", errors), redactor);
        Duration retryAfter = raw.retryAfter(clock).orElse(null);
        if (errors.stream().anyMatch(KrakenErrors::isThrottle) || raw.status() == 429) {
            return ProviderException.rateLimited(message, throttledFor(errors, clock, retryAfter), Window.MINUTE);
        }
        if (errors.stream().anyMatch(KrakenErrors::isAboutPairs)) {
            return ProviderException.invalidSymbols(message, batch.blamedWhenUnnamed());
        }
        if (errors.stream().anyMatch(e -> startsWith(e, "EAPI:Invalid key") || startsWith(e, "EGeneral:Permission"))) {
            return ProviderException.of(Outcome.AUTH_FAILED, message);
        }
        if (raw.status() >= 500
                || errors.stream().anyMatch(e -> startsWith(e, "EService:") || startsWith(e, "EGeneral:Internal"))) {
            return ProviderException.transientFailure(message, retryAfter);
        }
        return ProviderException.malformed(message);
    }

    /** A failure whose body carries no {@code error} array: judged by the HTTP status and the content. */
    static ProviderException unreadable(RawResponse raw, KeyRedactor redactor, Clock clock) {
        int status = raw.status();
        String message = "kraken HTTP " + status + raw.contentTypeNote() + ": " + snippet(raw.body(), redactor);
        Duration retryAfter = raw.retryAfter(clock).orElse(null);
        if (status == 429) {
            return ProviderException.rateLimited(message, retryAfter, Window.MINUTE);
        }
        if (status == 414) {
            return ProviderException.malformed(message + " (request URI too long: lower max-query-length)");
        }
        if (status >= 500 || status == 403 || status == 408 || raw.looksLikeHtml()) {
            return ProviderException.transientFailure(message, retryAfter);
        }
        return ProviderException.malformed(message);
    }

    private static boolean isThrottle(String error) {
        return startsWith(error, "EGeneral:Too many requests")
                || startsWith(error, "EAPI:Rate limit exceeded")
                || THROTTLED_UNTIL.matcher(error).find()
                || startsWith(error, "EService:Throttled");
    }

    private static boolean isAboutPairs(String error) {
        return startsWith(error, "EQuery:") || startsWith(error, "EGeneral:Invalid arguments");
    }

    private static @Nullable Duration throttledFor(List<String> errors, Clock clock, @Nullable Duration header) {
        for (String error : errors) {
            Matcher m = THROTTLED_UNTIL.matcher(error);
            if (m.find()) {
                Duration until = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(m.group(1))));
                return until.isNegative() ? Duration.ZERO : until;
            }
        }
        return header;
    }

    private static boolean startsWith(String error, String prefix) {
        return error.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT));
    }

    private static String snippet(String text, KeyRedactor redactor) {
        return ErrorText.snippet(text, redactor, "(empty body)");
    }
}
