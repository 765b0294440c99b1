package io.quotegate.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/** One upstream answer before any dialect is applied: status, headers and the body as text. */
public record RawResponse(int status, HttpHeaders headers, String body) {

    /**
     * Reads this answer with an adapter's {@code reader} (into a {@link ProviderResponse}, or whatever else the
     * call was for, such as a login's session), which throws a {@link ProviderException} for a failure it
     * understands; that failure then carries this answer's HTTP status, for the log and /trace.
     * Anything else the reader throws is left to the caller (a crash is {@link Outcome#MALFORMED}).
     */
    public <T> Mono<T> read(Function<RawResponse, T> reader) {
        return Mono.fromCallable(() -> reader.apply(this))
                .onErrorMap(ProviderException.class, e -> e.withStatus(status));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.getFirst(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    public OptionalLong longHeader(String name) {
        Optional<String> value = header(name);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.get()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * The answer's {@code Date} header: when the server produced it, by the server's clock. Empty when
     * absent or unreadable. Adapters whose answer carries no time of its own use it as the quote's time.
     */
    public Optional<Instant> date() {
        return header(HttpHeaders.DATE).flatMap(value -> {
            try {
                return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    /** {@code Retry-After} as seconds or as an HTTP date; empty when absent or unreadable. */
    public Optional<Duration> retryAfter(Clock clock) {
        return header(HttpHeaders.RETRY_AFTER).flatMap(v -> parseRetryAfter(v, clock.instant()));
    }

    static Optional<Duration> parseRetryAfter(String value, Instant now) {
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration d = Duration.between(now, at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean looksLikeJson() {
        String b = body.stripLeading();
        return b.startsWith("{") || b.startsWith("[");
    }

    /**
     * Whether the body is an HTML page (it starts with {@code <}, or the content type says html): the
     * error page of a proxy, CDN or load balancer in front of the provider, which says nothing about our
     * request. Adapters treat it as {@link Outcome#TRANSIENT}.
     */
    public boolean looksLikeHtml() {
        return body.stripLeading().startsWith("<")
                || header(HttpHeaders.CONTENT_TYPE)
                        .map(t -> t.toLowerCase(Locale.ROOT).contains("html"))
                        .orElse(false);
    }

    /** The content type in parentheses with a leading space, or {@code ""}, for messages. */
    public String contentTypeNote() {
        return header(HttpHeaders.CONTENT_TYPE).map(t -> " (" + t + ")").orElse("");
    }
}
