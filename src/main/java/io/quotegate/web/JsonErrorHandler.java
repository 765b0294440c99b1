package io.quotegate.web;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place errors become HTTP: {@code {"error":"<code>","message":"<sentence>"}} with the right
 * status, for our own refusals, for routing errors (404, 405, 406) and for anything unexpected
 * (500, logged here, never a stack trace in the body).
 */
@Component
@Order(-2)
class JsonErrorHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(JsonErrorHandler.class);

    private final JsonMapper json;

    JsonErrorHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        HttpStatusCode status;
        String code;
        String message;
        if (ex instanceof ApiException api) {
            status = api.status();
            code = api.code();
            message = api.getMessage();
            if (api.retryAfter() != null) {
                response.getHeaders()
                        .set(
                                "Retry-After",
                                Long.toString(Math.max(1, api.retryAfter().toSeconds())));
            }
        } else if (ex instanceof ServerWebInputException input) {
            status = input.getStatusCode();
            code = "bad_request";
            message = input.getReason() == null ? "The request could not be read." : input.getReason();
        } else if (ex instanceof ResponseStatusException rse) {
            status = rse.getStatusCode();
            response.getHeaders().addAll(rse.getHeaders()); // e.g. Allow on a 405
            HttpStatus known = HttpStatus.resolve(status.value());
            code = known == null ? "error" : known.name().toLowerCase(Locale.ROOT);
            message = status.value() == 404
                    ? "No such resource: " + exchange.getRequest().getPath().value()
                            + ". Feeds are served at /{feed}, /{feed}/stream, /stream?feeds=..., /trace and /budget."
                    : rse.getReason() == null
                            ? (known == null ? "Request failed." : known.getReasonPhrase() + ".")
                            : rse.getReason();
        } else {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
            code = "internal_error";
            message = "Something went wrong on our side; it has been logged.";
            log.error(
                    "Unhandled error on {} {}",
                    exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath(),
                    ex);
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        byte[] bytes = ErrorBody.of(json, code, String.valueOf(message));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }
}
