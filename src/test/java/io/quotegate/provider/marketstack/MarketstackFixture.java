package io.quotegate.provider.marketstack;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.TestSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;

/** Builds Marketstack adapters the way the registry does, against a test base URL. */
final class MarketstackFixture {

    static final String KEY = "s3cr3tKey0123456789";
    /**
     * Generous on purpose: the first request of a cold JVM on a busy build machine can take
     * seconds (Netty and Reactor start-up), and a timeout here would be a flaky TRANSIENT.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-11-26T10:00:00Z"), ZoneOffset.UTC);

    private MarketstackFixture() {}

    static ProviderAdapter adapter(String baseUrl) {
        return adapter(baseUrl, KEY, Map.of());
    }

    static ProviderAdapter adapter(String baseUrl, String key, Map<String, String> symbols) {
        ProviderSettings settings = TestSettings.of("marketstack", baseUrl, key, 100, symbols, TIMEOUT, Map.of(), 0);
        ProviderHttp http = new ProviderHttp("marketstack", baseUrl, TIMEOUT, new KeyRedactor(List.of(key)));
        return new MarketstackProviderFactory().create(new ProviderContext(settings, http, CLOCK));
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    /** A local port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
