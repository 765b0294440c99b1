package io.quotegate.web;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * CORS through Spring's processor for what the {@link ReadContract} does not answer: preflights (for the
 * feeds and streams too), {@code /usage} and the errors of unknown paths. The policy is
 * {@link CorsPolicy}'s. The admin endpoints never answer cross-origin. Unlike Spring's filter, a refusal
 * is a JSON {@code 403}.
 */
@Component
@Order(FilterOrder.CORS)
class CorsFilter implements WebFilter {

    private final CorsProcessor processor = new DefaultCorsProcessor();
    private final @Nullable CorsConfiguration cors;

    CorsFilter(CorsPolicy policy) {
        this.cors = policy.configuration();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        CorsConfiguration config = cors == null
                        || AdminGuard.isAdminPath(
                                exchange.getRequest().getPath().value())
                ? null
                : cors;
        if (!processor.process(config, exchange)) {
            return Mono.error(CorsPolicy.refusal(
                    String.valueOf(exchange.getRequest().getHeaders().getOrigin())));
        }
        return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
    }
}
