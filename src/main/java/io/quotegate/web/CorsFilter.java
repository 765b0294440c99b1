package io.quotegate.web;

import java.time.Duration;
import java.util.List;
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
 * CORS for what a browser page reads: the feeds, their streams and {@code /usage}. A page may send
 * {@code Last-Event-ID} (EventSource resume), {@code If-None-Match} and {@code X-API-Key}, and may read
 * the validators and the rate-limit headers. The admin endpoints never answer cross-origin. Spring's
 * processor decides; unlike Spring's filter, a refusal is a JSON {@code 403}.
 */
@Component
@Order(FilterOrder.CORS)
class CorsFilter implements WebFilter {

    private final CorsProcessor processor = new DefaultCorsProcessor();
    private final @Nullable CorsConfiguration cors;

    CorsFilter(HttpProperties properties) {
        List<String> origins = properties.http().cors().allowedOrigins();
        if (origins.isEmpty()) {
            this.cors = null;
            return;
        }
        CorsConfiguration c = new CorsConfiguration();
        c.setAllowedOrigins(origins);
        c.setAllowedMethods(List.of("GET", "HEAD", "OPTIONS"));
        c.setAllowedHeaders(
                List.of("Last-Event-ID", "If-None-Match", "X-API-Key", "Cache-Control", "Accept", "Accept-Encoding"));
        c.setExposedHeaders(List.of("ETag", "Cache-Control", "Retry-After", "RateLimit", "RateLimit-Policy"));
        c.setMaxAge(Duration.ofHours(1));
        this.cors = c;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        CorsConfiguration config = cors == null
                        || AdminGuard.isAdminPath(
                                exchange.getRequest().getPath().value())
                ? null
                : cors;
        if (!processor.process(config, exchange)) {
            return Mono.error(ApiException.forbidden(
                    "cors_rejected",
                    "Origin " + exchange.getRequest().getHeaders().getOrigin()
                            + " may not read this resource (quotegate.http.cors.allowed-origins)."));
        }
        return CorsUtils.isPreFlightRequest(exchange.getRequest()) ? Mono.empty() : chain.filter(exchange);
    }
}
