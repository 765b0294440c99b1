package io.quotegate.provider.capitalcom;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.provider.Credentials;
import io.quotegate.provider.LocalSessionStore;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.Secret;
import io.quotegate.provider.SessionStore;
import io.quotegate.provider.TestSettings;
import io.quotegate.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * A MockWebServer standing in for Capital.com: answers are queued per call (login, markets, ping); a login
 * with nothing queued succeeds with fresh tokens ({@code cst-1}, {@code tok-1}, ...) and the account offset
 * {@link #OFFSET_HOURS}. Every request is kept, per call.
 */
final class CapitalComFixture implements AutoCloseable {

    static final String KEY = "cap-api-key-0123456789";
    static final String LOGIN = "trader@example.com";
    static final String PASSWORD = "cap-password-9876";
    static final int OFFSET_HOURS = 2;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration WAIT = TIMEOUT.plusSeconds(5);

    final MockWebServer server = new MockWebServer();
    final MutableClock clock = MutableClock.at("2022-04-06T11:27:12Z");
    final KeyRedactor redactor = new KeyRedactor(List.of(KEY, PASSWORD));
    final AtomicInteger logins = new AtomicInteger();
    private final Map<String, Deque<MockResponse>> queued =
            Map.of("session", new ArrayDeque<>(), "markets", new ArrayDeque<>(), "ping", new ArrayDeque<>());
    private final Map<String, List<RecordedRequest>> seen =
            Map.of("session", new ArrayList<>(), "markets", new ArrayList<>(), "ping", new ArrayList<>());

    CapitalComFixture() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized MockResponse answer(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String call = path.endsWith("/session") ? "session" : path.endsWith("/ping") ? "ping" : "markets";
        seen.get(call).add(request);
        if (call.equals("session")) {
            logins.incrementAndGet();
        }
        MockResponse next = queued.get(call).poll();
        if (next != null) {
            return next;
        }
        if (call.equals("session")) {
            int n = logins.get();
            return json(
                    200,
                    "{\"timezoneOffset\":" + OFFSET_HOURS + "}",
                    "CST",
                    "cst-" + n,
                    "X-SECURITY-TOKEN",
                    "tok-" + n);
        }
        return json(200, "{\"status\":\"OK\"}");
    }

    synchronized void queue(String call, MockResponse response) {
        queued.get(call).add(response);
    }

    synchronized List<RecordedRequest> requests(String call) {
        return List.copyOf(seen.get(call));
    }

    static MockResponse json(int status, String body, String... headers) {
        MockResponse.Builder b = new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "application/json")
                .body(body);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.addHeader(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    ProviderSettings settings(Map<String, String> symbols) {
        return TestSettings.withCredentials(
                "capitalcom",
                server.url("/").toString(),
                new Credentials(Secret.of(KEY), Secret.none(), Secret.of(LOGIN), Secret.of(PASSWORD)),
                50,
                symbols,
                TIMEOUT,
                Map.of(),
                0);
    }

    CapitalComAdapter adapter() {
        return adapter(Map.of(), new LocalSessionStore(clock, "replica-a"));
    }

    CapitalComAdapter adapter(Map<String, String> symbols, SessionStore store) {
        ProviderSettings settings = settings(symbols);
        ProviderHttp http = new ProviderHttp("capitalcom", settings.baseUrl(), TIMEOUT, redactor);
        return (CapitalComAdapter) new CapitalComProviderFactory()
                .create(new ProviderContext(settings, http, clock, store), Schedulers.parallel(), false);
    }

    static ProviderResponse served(Mono<ProviderResponse> call) {
        ProviderResponse[] out = new ProviderResponse[1];
        StepVerifier.create(call)
                .consumeNextWith(r -> out[0] = r)
                .expectComplete()
                .verify(WAIT);
        return out[0];
    }

    static ProviderException failed(Mono<ProviderResponse> call) {
        ProviderException[] out = new ProviderException[1];
        StepVerifier.create(call)
                .expectErrorSatisfies(e -> {
                    assertThat(e).isInstanceOf(ProviderException.class);
                    out[0] = (ProviderException) e;
                })
                .verify(WAIT);
        assertThat(out[0].getMessage()).doesNotContain(KEY).doesNotContain(PASSWORD);
        return out[0];
    }

    static String body(RecordedRequest request) {
        var body = request.getBody();
        return body == null ? "" : body.string(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
    }
}
