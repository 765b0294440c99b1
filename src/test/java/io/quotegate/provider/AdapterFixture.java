package io.quotegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.logging.KeyRedactor;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * A MockWebServer standing in for one provider, and that provider's adapter pointed at it with a fixed
 * clock. Every failure it hands a test is a {@link ProviderException} whose message holds no credential.
 */
public final class AdapterFixture implements AutoCloseable {

    /** The clock of every adapter built here. */
    public static final Instant NOW = Instant.parse("2026-07-20T12:00:00Z");

    /** Generous, so a cold Netty on a loaded machine cannot turn a test into a timeout. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final Duration WAIT = TIMEOUT.plusSeconds(5);

    public final MockWebServer server = new MockWebServer();

    private final String provider;
    private final ProviderFactory factory;
    private final List<String> secrets;

    /** @param secrets the credentials the adapter is given: key, then secret (none, one or both) */
    public AdapterFixture(String provider, ProviderFactory factory, String... secrets) throws IOException {
        this.provider = provider;
        this.factory = factory;
        this.secrets = List.of(secrets);
        server.start();
    }

    public ProviderAdapter adapter() {
        return adapter(Map.of(), 100, 2000);
    }

    public ProviderAdapter adapter(Map<String, String> overrides) {
        return adapter(overrides, 100, 2000);
    }

    public ProviderAdapter adapter(Map<String, String> overrides, int maxBatch, int maxQueryLength) {
        return factory.create(context(settings(overrides, maxBatch, maxQueryLength)));
    }

    public ProviderSettings settings(Map<String, String> overrides, int maxBatch, int maxQueryLength) {
        String baseUrl = server.url("/").toString();
        return TestSettings.of(
                provider, baseUrl, secret(0), secret(1), maxBatch, maxQueryLength, overrides, TIMEOUT, Map.of(), 0);
    }

    public ProviderContext context(ProviderSettings settings) {
        ProviderHttp http = new ProviderHttp(provider, settings.baseUrl(), TIMEOUT, new KeyRedactor(secrets));
        return new ProviderContext(settings, http, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private @Nullable String secret(int i) {
        return secrets.size() > i ? secrets.get(i) : null;
    }

    public void enqueue(RecordedCase recorded) {
        server.enqueue(recorded.response());
    }

    /** Enqueues one answer; headers as name/value pairs. */
    public void enqueue(int code, String body, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder().code(code).body(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        server.enqueue(b.build());
    }

    public RecordedRequest takeRequest() throws InterruptedException {
        RecordedRequest request = server.takeRequest(2, TimeUnit.SECONDS);
        assertThat(request).as("a request reached the mock server").isNotNull();
        return request;
    }

    /** Whether no request reached the server. */
    public boolean nothingSent() throws InterruptedException {
        return server.takeRequest(200, TimeUnit.MILLISECONDS) == null;
    }

    public ProviderResponse success(Supplier<Mono<ProviderResponse>> call) {
        AtomicReference<ProviderResponse> out = new AtomicReference<>();
        StepVerifier.create(call.get())
                .consumeNextWith(out::set)
                .expectComplete()
                .verify(WAIT);
        return out.get();
    }

    /** The signalled failure: a ProviderException whose message names the provider and holds no credential. */
    public ProviderException failure(Supplier<Mono<ProviderResponse>> call) {
        AtomicReference<Throwable> out = new AtomicReference<>();
        StepVerifier.create(call.get()).expectErrorSatisfies(out::set).verify(WAIT);
        assertThat(out.get()).isInstanceOf(ProviderException.class);
        ProviderException e = (ProviderException) out.get();
        assertThat(e.getMessage()).startsWith(provider);
        secrets.forEach(s -> assertThat(e.getMessage()).doesNotContain(s));
        return e;
    }

    /** {@code recorded} served to a fresh adapter asked for {@code symbols}: its answer. */
    public ProviderResponse serve(RecordedCase recorded, String... symbols) {
        enqueue(recorded);
        ProviderAdapter adapter = adapter();
        return success(() -> adapter.fetch(List.of(symbols)));
    }

    /** {@code recorded} served to a fresh adapter asked for {@code symbols}: its failure. */
    public ProviderException fail(RecordedCase recorded, String... symbols) {
        enqueue(recorded);
        ProviderAdapter adapter = adapter();
        return failure(() -> adapter.fetch(List.of(symbols)));
    }

    @Override
    public void close() {
        server.close();
    }
}
