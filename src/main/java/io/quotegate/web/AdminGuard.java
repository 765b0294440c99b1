package io.quotegate.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Keeps {@code /trace}, {@code /budget} and the actuator (all but health) off the public port.
 *
 * <ul>
 *   <li>With {@code quotegate.admin.token} set, they answer on the public port to
 *       {@code Authorization: Bearer <token>} and to nobody else ({@code 401}).</li>
 *   <li>Without a token, and with the actuator on its own port ({@code management.server.port}, 8081 in
 *       the shipped configuration), they answer {@code 404} here and are served there:
 *       {@code /actuator/trace}, {@code /actuator/budget}, {@code /actuator/prometheus}.</li>
 *   <li>Without a token and without a management port, everything is on one port and nothing is
 *       protected: start-up warns. That is for local runs and tests only.</li>
 * </ul>
 */
@Component
class AdminGuard implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(AdminGuard.class);

    private final byte @Nullable [] token;
    private final boolean separatePort;

    private final ApplicationContext context;

    AdminGuard(HttpProperties properties, Environment environment, ApplicationContext context) {
        this.context = context;
        String configured = properties.admin().token();
        this.token = configured == null || configured.isBlank() ? null : configured.getBytes(StandardCharsets.UTF_8);
        String managementPort = environment.getProperty("management.server.port");
        String serverPort = environment.getProperty("server.port", "8080");
        // As Boot decides it: a management port that is set, and 0 (random) or not the server's, is its own.
        this.separatePort = managementPort != null
                && !managementPort.isBlank()
                && (managementPort.equals("0") || !managementPort.equals(serverPort));
        if (token == null && !separatePort) {
            log.warn(
                    "/trace, /budget and the actuator are served to anyone on the public port: set quotegate.admin.token"
                            + " or management.server.port to keep them private");
        }
    }

    /** The paths only operators may read: diagnostics, the plan and the actuator other than health. */
    static boolean isAdminPath(String path) {
        return path.equals("/trace")
                || path.equals("/budget")
                || (path.startsWith("/actuator") && !path.startsWith("/actuator/health") && !path.equals("/actuator"))
                || path.equals("/actuator");
    }

    @Override
    public int getOrder() {
        return FilterOrder.ADMIN;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        // The management port runs in a child context that sees this filter too: it guards only the public port.
        ApplicationContext served = exchange.getApplicationContext();
        if ((served != null && served != context)
                || !isAdminPath(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        if (token != null) {
            if (presented(exchange)) {
                return chain.filter(exchange);
            }
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"quotegate-admin\"");
            return Mono.error(ApiException.unauthorized(
                    "This endpoint needs the admin token: send Authorization: Bearer <quotegate.admin.token>."));
        }
        if (separatePort) {
            return Mono.error(ApiException.notFound("No such resource on the public port: "
                    + exchange.getRequest().getPath().value() + ". Diagnostics are served on the management port"
                    + " (management.server.port): /actuator/trace, /actuator/budget, /actuator/prometheus."));
        }
        return chain.filter(exchange);
    }

    private boolean presented(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || token == null) {
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }
}
