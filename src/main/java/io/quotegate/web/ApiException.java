package io.quotegate.web;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

/** An expected refusal with its status, a stable error code and a sentence for humans. No stack trace. */
final class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final @Nullable Duration retryAfter;

    private ApiException(HttpStatus status, String code, String message, @Nullable Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    static ApiException unknownFeed(String feed, Iterable<String> feeds) {
        return new ApiException(
                HttpStatus.NOT_FOUND,
                "unknown_feed",
                "There is no feed '" + feed + "'; feeds are " + feeds + ".",
                null);
    }

    /** A defect of ours (logged where it is caught): the same words as {@link JsonErrorHandler}'s. */
    static ApiException internal() {
        return new ApiException(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal_error",
                "Something went wrong on our side; it has been logged.",
                null);
    }

    static ApiException unauthorized(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", message, null);
    }

    static ApiException forbidden(String code, String message) {
        return new ApiException(HttpStatus.FORBIDDEN, code, message, null);
    }

    static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", message, null);
    }

    static ApiException badRequest(String code, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, message, null);
    }

    static ApiException notReady(String feed, Duration retryAfter) {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "not_ready",
                "Feed '" + feed + "' has no data yet: no provider has answered since start. Try again shortly.",
                retryAfter);
    }

    static ApiException unavailable(String feed, String why) {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "no_provider",
                "Feed '" + feed + "' has no enabled provider: " + why + ".",
                null);
    }

    HttpStatus status() {
        return status;
    }

    String code() {
        return code;
    }

    @Nullable
    Duration retryAfter() {
        return retryAfter;
    }
}
