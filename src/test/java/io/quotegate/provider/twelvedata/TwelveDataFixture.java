package io.quotegate.provider.twelvedata;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.TestSettings;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** A MockWebServer standing in for api.twelvedata.com, and adapters pointed at it. */
final class TwelveDataFixture implements AutoCloseable {

    static final String KEY = "test-secret-key-123456";
    static final Instant NOW = Instant.parse("2026-07-20T12:00:00Z");
    /** Generous, so a cold Netty on a loaded machine cannot turn a test into a timeout; timeouts are ProviderHttp's. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final Duration WAIT = TIMEOUT.plusSeconds(5);

    final MockWebServer server = new MockWebServer();

    TwelveDataFixture() throws IOException {
        server.start();
    }

    ProviderAdapter adapter() {
        return adapter(Map.of());
    }

    ProviderAdapter adapter(Map<String, String> symbolOverrides) {
        String baseUrl = server.url("/").toString();
        ProviderSettings settings =
                TestSettings.of("twelvedata", baseUrl, KEY, 120, symbolOverrides, TIMEOUT, Map.of(), 0);
        ProviderHttp http = new ProviderHttp("twelvedata", baseUrl, TIMEOUT, new KeyRedactor(List.of(KEY)));
        return new TwelveDataProviderFactory()
                .create(new ProviderContext(settings, http, Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    /** Enqueues one answer; headers as name/value pairs. */
    void enqueue(int code, String body, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder().code(code).body(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        server.enqueue(b.build());
    }

    void enqueueJson(int code, String body, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json; charset=utf-8";
        System.arraycopy(headers, 0, all, 2, headers.length);
        enqueue(code, body, all);
    }

    RecordedRequest takeRequest() throws InterruptedException {
        RecordedRequest request = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(request).as("a request reached the mock server").isNotNull();
        return request;
    }

    static ProviderResponse success(Mono<ProviderResponse> mono) {
        AtomicReference<ProviderResponse> out = new AtomicReference<>();
        StepVerifier.create(mono).consumeNextWith(out::set).expectComplete().verify(WAIT);
        return out.get();
    }

    /** The signalled failure; every failure is a ProviderException whose message has no key. */
    static ProviderException failure(Mono<ProviderResponse> mono) {
        AtomicReference<Throwable> out = new AtomicReference<>();
        StepVerifier.create(mono).expectErrorSatisfies(out::set).verify(WAIT);
        assertThat(out.get()).isInstanceOf(ProviderException.class);
        ProviderException e = (ProviderException) out.get();
        assertThat(e.getMessage()).doesNotContain(KEY).startsWith("twelvedata");
        return e;
    }

    @Override
    public void close() {
        server.close();
    }
}
