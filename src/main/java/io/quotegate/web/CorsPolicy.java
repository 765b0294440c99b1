package io.quotegate.web;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.cors.CorsConfiguration;

/**
 * Which web origins may read the public endpoints, and what a page may send and read
 * ({@code quotegate.http.cors.allowed-origins}), in one place: {@link ReadContract} applies it to the
 * feed reads and streams, {@link CorsFilter} (Spring's processor) to preflights and everything else.
 * A page may send {@code Last-Event-ID} (EventSource resume), {@code If-None-Match} and
 * {@code X-API-Key}, and may read the validators, the next refresh and the rate-limit headers.
 */
@Component
class CorsPolicy {

    /** The headers a page may read from a response. */
    static final List<String> EXPOSED =
            List.of("ETag", "Cache-Control", "Next-Refresh-At", "Retry-After", "RateLimit", "RateLimit-Policy");

    private final @Nullable CorsConfiguration configuration;
    private final String exposed = String.join(", ", EXPOSED);

    CorsPolicy(HttpProperties properties) {
        List<String> origins = properties.http().cors().allowedOrigins();
        if (origins.isEmpty()) {
            this.configuration = null;
            return;
        }
        CorsConfiguration c = new CorsConfiguration();
        c.setAllowedOrigins(origins);
        c.setAllowedMethods(List.of("GET", "HEAD", "OPTIONS"));
        c.setAllowedHeaders(
                List.of("Last-Event-ID", "If-None-Match", "X-API-Key", "Cache-Control", "Accept", "Accept-Encoding"));
        c.setExposedHeaders(EXPOSED);
        c.setMaxAge(Duration.ofHours(1));
        this.configuration = c;
    }

    /** Spring's configuration of the policy, or null when CORS is off. */
    @Nullable
    CorsConfiguration configuration() {
        return configuration;
    }

    /** Whether CORS is on: then an {@code Origin} changes the answer, and caches must know. */
    boolean on() {
        return configuration != null;
    }

    /** The {@code Access-Control-Expose-Headers} value. */
    String exposed() {
        return exposed;
    }

    /**
     * The {@code Access-Control-Allow-Origin} for a request from {@code origin}: the value when CORS is on
     * and the origin may read, else null.
     */
    @Nullable
    String allowOrigin(@Nullable String origin) {
        CorsConfiguration c = configuration;
        return origin == null || c == null ? null : c.checkOrigin(origin);
    }

    /**
     * Whether a request from {@code origin} to {@code host} is refused: CORS is on, the origin may not
     * read, and it is not the page's own origin (a same-origin request is no CORS request).
     */
    boolean refuses(@Nullable String origin, @Nullable String host) {
        return origin != null
                && configuration != null
                && allowOrigin(origin) == null
                && !(host != null && (origin.equals("http://" + host) || origin.equals("https://" + host)));
    }

    /** The JSON 403 of a refused origin. */
    static ApiException refusal(String origin) {
        return ApiException.forbidden(
                "cors_rejected",
                "Origin " + origin + " may not read this resource (quotegate.http.cors.allowed-origins).");
    }
}
