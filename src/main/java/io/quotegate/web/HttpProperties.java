package io.quotegate.web;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code quotegate.http.*} and {@code quotegate.admin.*}: how browsers and operators reach the service.
 *
 * @param cors  which web origins may read the feeds and streams
 * @param admin how {@code /trace}, {@code /budget} and the actuator are protected on the public port
 */
@ConfigurationProperties("quotegate")
record HttpProperties(@DefaultValue Http http, @DefaultValue Admin admin) {

    /** @param cors cross-origin access to the feeds, streams and {@code /usage} */
    record Http(@DefaultValue Cors cors) {}

    /**
     * @param allowedOrigins origins allowed to call the public endpoints from a browser, e.g.
     *                       {@code https://app.example.com}, or {@code *} for any; empty for none
     */
    record Cors(@DefaultValue List<String> allowedOrigins) {}

    /**
     * @param token bearer token that opens {@code /trace}, {@code /budget} and the actuator on the
     *              public port; without one they are served only on the management port
     */
    record Admin(@Nullable String token) {}
}
