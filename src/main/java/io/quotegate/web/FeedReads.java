package io.quotegate.web;

import java.util.Set;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code GET /{feed}} and {@code HEAD /{feed}} behind Spring's filters (CORS, the admin guard, the
 * client plans), ahead of the dispatcher and the annotated controllers, because a read needs none of
 * their machinery: translation only, the answer is {@link FeedAnswers}'. Reads that need none of the
 * filters either are answered before Spring's adapter by {@link DirectReads}.
 *
 * <p>Anything else (another method, another path, an unknown feed) goes down the chain to the
 * controllers, so 404, 405 and the JSON errors stay where they were.
 */
@Component
class FeedReads implements WebFilter, Ordered {

    private final FeedAnswers answers;

    FeedReads(FeedAnswers answers) {
        this.answers = answers;
    }

    /** The paths this filter answers: {@code /fx}, {@code /indices}, ... */
    Set<String> paths() {
        return answers.paths();
    }

    @Override
    public int getOrder() {
        return FilterOrder.FEED_READS;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return chain.filter(exchange);
        }
        FeedAnswers.Reader reader = answers.reader(request.getPath().value());
        if (reader == null) {
            return chain.filter(exchange);
        }
        HttpHeaders in = request.getHeaders();
        FeedAnswers.Answer answer;
        try {
            answer = reader.answer(
                    request.getURI().getRawQuery() == null
                            ? null
                            : request.getQueryParams().getFirst("symbols"),
                    FeedAnswers.acceptsGzip(in.getFirst(HttpHeaders.ACCEPT_ENCODING)),
                    in.getFirst(HttpHeaders.IF_NONE_MATCH));
        } catch (ApiException e) {
            return Mono.error(e);
        }
        ServerHttpResponse response = exchange.getResponse();
        HttpHeaders out = response.getHeaders();
        out.set(HttpHeaders.ETAG, answer.etag());
        out.set(HttpHeaders.CACHE_CONTROL, answer.cacheControl());
        out.set(
                HttpHeaders.VARY,
                answers.vary()); // in place of the CORS processor's list, which names preflight headers
        byte[] body = answer.body();
        if (body == null) {
            response.setStatusCode(HttpStatus.NOT_MODIFIED);
            return response.setComplete();
        }
        response.setStatusCode(HttpStatus.OK);
        out.set(HttpHeaders.CONTENT_TYPE, FeedAnswers.JSON);
        if (answer.gzip()) {
            out.set(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        out.setContentLength(body.length);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
