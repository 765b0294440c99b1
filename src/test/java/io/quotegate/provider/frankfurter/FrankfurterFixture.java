package io.quotegate.provider.frankfurter;

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

/** Builds Frankfurter adapters the way the registry does, against a test base URL. */
final class FrankfurterFixture {

    /**
     * Generous on purpose: the first request of a cold JVM on a busy build machine can take
     * seconds (Netty and Reactor start-up), and a timeout here would be a flaky TRANSIENT.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-11-26T10:00:00Z"), ZoneOffset.UTC);

    private FrankfurterFixture() {}

    static ProviderAdapter adapter(String baseUrl) {
        return adapter(baseUrl, Map.of());
    }

    static ProviderAdapter adapter(String baseUrl, Map<String, String> symbols) {
        return new FrankfurterProviderFactory().create(context(baseUrl, symbols));
    }

    static ProviderContext context(String baseUrl, Map<String, String> symbols) {
        ProviderSettings settings = TestSettings.of("frankfurter", baseUrl, null, 50, symbols, TIMEOUT, Map.of(), 0);
        ProviderHttp http = new ProviderHttp("frankfurter", baseUrl, TIMEOUT, new KeyRedactor(List.of()));
        return new ProviderContext(settings, http, CLOCK);
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
