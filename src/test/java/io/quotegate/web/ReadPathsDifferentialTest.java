package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quotegate.testing.MutableClock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebHandler;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Both ways of serving the read contract answer alike: every case goes to a server arranged as the
 * application arranges it ({@link DirectReads} ahead of Spring's adapter, which then answers plain
 * requests) and to a server with Spring's adapter only (where {@link ReadFilter} answers them), each
 * over its own parts on one clock, and the status, the headers and the bytes must be the same. Run with
 * an anonymous tier without limits (the shipped {@code open}) and with one that has them.
 */
class ReadPathsDifferentialTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:05Z");
    private static final String ALLOWED = "https://app.example.com";

    private final MutableClock clock = new MutableClock(T0);
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<DisposableServer> servers = new ArrayList<>();
    private final List<InputStream> open = new ArrayList<>();
    private DirectReads reads;
    private DirectCount count;
    private ReadFixture direct;
    private ReadFixture spring;
    private int directPort;
    private int springPort;

    @AfterEach
    void stop() throws IOException {
        for (InputStream in : open) {
            in.close();
        }
        servers.forEach(DisposableServer::disposeNow);
    }

    private void start(String anonymousTier) {
        direct = new ReadFixture(clock, anonymousTier, List.of(ALLOWED));
        spring = new ReadFixture(clock, anonymousTier, List.of(ALLOWED));
        reads = new DirectReads(direct.contract, new GenericApplicationContext());
        count = new DirectCount(reads);
        ReactorHttpHandlerAdapter directsSpring = new ReactorHttpHandlerAdapter(springHandler(direct));
        DisposableServer a = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .doOnChannelInit((observer, channel, remote) -> count.install(channel))
                .route(routes -> routes.route(count::direct, reads::serve).route(r -> true, directsSpring))
                .bindNow();
        reads.listening(a.port());
        DisposableServer b = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle(new ReactorHttpHandlerAdapter(springHandler(spring)))
                .bindNow();
        servers.add(a);
        servers.add(b);
        directPort = a.port();
        springPort = b.port();
    }

    /** Spring's side as the application has it: our filters in their order, and the JSON errors. */
    private static HttpHandler springHandler(ReadFixture f) {
        WebHandler notFound = exchange -> Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
        return WebHttpHandlerBuilder.webHandler(notFound)
                .filter(new ReadFilter(f.contract), new CorsFilter(f.cors), new ClientFilter(f.gate, ReadFixture.JSON))
                .exceptionHandler(new JsonErrorHandler(ReadFixture.JSON))
                .codecConfigurer(ServerCodecConfigurer.create()) // made at start, as the application's
                .build();
    }

    /** One response as compared: status, headers by lower-case name, body bytes. */
    private record Answer(int status, Map<String, List<String>> headers, String body) {}

    private Answer send(int port, String method, String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), normalised(r.headers().map()), latin1(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<String>> normalised(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new TreeMap<>();
        headers.forEach((name, values) -> out.put(name.toLowerCase(java.util.Locale.ROOT), values));
        return out;
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1); // every byte as one char: compares bytes
    }

    /** The same request through both paths: the answers must be the same; the direct one is returned. */
    private Answer both(String method, String pathAndQuery, String... headers) {
        long hits = count.answered();
        Answer a = send(directPort, method, pathAndQuery, headers);
        boolean wasDirect = count.answered() > hits;
        Answer b = send(springPort, method, pathAndQuery, headers);
        String what = method + " " + pathAndQuery + " " + List.of(headers) + (wasDirect ? " (direct)" : "");
        assertThat(a.status()).as(what + ": status").isEqualTo(b.status());
        assertThat(a.headers()).as(what + ": headers").isEqualTo(b.headers());
        assertThat(a.body()).as(what + ": body").isEqualTo(b.body());
        return a;
    }

    private Answer direct(String method, String pathAndQuery, String... headers) {
        long hits = count.answered();
        Answer a = both(method, pathAndQuery, headers);
        assertThat(count.answered()).as(pathAndQuery + " took the direct path").isGreaterThan(hits);
        return a;
    }

    private void land(long version) {
        direct.land(version);
        spring.land(version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"open", "limited"})
    void readsAnswerAlikeThroughBothPaths(String anonymousTier) {
        start(anonymousTier);
        assertThat(direct("GET", "/fx").status()).as("503 before warm-up").isEqualTo(503);
        land(42);

        Answer full = direct("GET", "/fx");
        assertThat(full.status()).isEqualTo(200);
        assertThat(full.headers()).containsKeys("etag", "cache-control", "next-refresh-at", "vary", "content-length");
        assertThat(full.headers().get("next-refresh-at")).containsExactly("2026-12-01T10:30:00Z");
        assertThat(direct("GET", "/fx?symbols=GBP/USD").body())
                .contains("GBP/USD")
                .doesNotContain("EUR/USD");
        assertThat(both("GET", "/fx?symbols=GBP%2FUSD").status())
                .as("an escape: Spring's on both")
                .isEqualTo(200);
        assertThat(direct("GET", "/fx?symbols=XXX").status()).isEqualTo(400);
        assertThat(direct("GET", "/fx?symbols=").status()).isEqualTo(400);
        assertThat(direct("GET", "/fx", "If-None-Match", "\"fx-42\"").status()).isEqualTo(304);
        assertThat(direct("GET", "/fx", "If-None-Match", "\"fx-41\"").status()).isEqualTo(200);
        Answer head = direct("HEAD", "/fx");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().get("content-length"))
                .isEqualTo(full.headers().get("content-length"));
        assertThat(direct("GET", "/fx", "Accept-Encoding", "gzip").headers().get("content-encoding"))
                .containsExactly("gzip");
        clock.advance(Duration.ofMinutes(29).plusSeconds(51)); // 10:29:56
        assertThat(direct("GET", "/fx").headers().get("cache-control")).containsExactly("public, max-age=4");
        assertThat(count.onConnection())
                .as("feed reads answered on their connection")
                .isGreaterThan(8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"open", "limited"})
    void corsAnswersAlike(String anonymousTier) {
        start(anonymousTier);
        land(42);
        Answer allowed = direct("GET", "/fx", "Origin", ALLOWED);
        assertThat(allowed.headers().get("access-control-allow-origin")).containsExactly(ALLOWED);
        assertThat(allowed.headers().get("access-control-expose-headers").get(0))
                .contains("Next-Refresh-At");
        Answer refused = direct("GET", "/fx", "Origin", "https://evil.example.net");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("cors_rejected");
        assertThat(direct("GET", "/fx/stream", "Origin", "https://evil.example.net")
                        .status())
                .isEqualTo(403);
        assertThat(direct("HEAD", "/fx/stream", "Origin", ALLOWED).headers().get("access-control-allow-origin"))
                .containsExactly(ALLOWED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"open", "limited"})
    void keyedReadsAnswerAlikeUnderAndOverEachLimit(String anonymousTier) {
        start(anonymousTier);
        land(42);
        assertThat(direct("GET", "/fx", "X-API-Key", "not-a-key").status()).isEqualTo(401);
        assertThat(direct("GET", "/fx?api_key=not-a-key").status()).isEqualTo(401);

        // requests-per-minute: 2
        assertThat(direct("GET", "/fx", "X-API-Key", ReadFixture.RATE_KEY)
                        .headers()
                        .get("ratelimit"))
                .singleElement()
                .asString()
                .startsWith("\"default\";r=1;t=");
        assertThat(direct("GET", "/fx?symbols=XXX", "X-API-Key", ReadFixture.RATE_KEY)
                        .status())
                .as("a 400 is a request too")
                .isEqualTo(400);
        Answer limited = direct("GET", "/fx", "X-API-Key", ReadFixture.RATE_KEY);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body()).contains("rate_limited");

        // messages-per-month: 1, and bytes-per-month: 1 KiB, counted once each response is written
        assertThat(untilRefused(ReadFixture.MESSAGES_KEY, "team-messages")).containsExactly(200, 429);
        List<Integer> bytes = untilRefused(ReadFixture.BYTES_KEY, "team-bytes");
        assertThat(bytes).endsWith(429).contains(200);
        assertThat(direct("GET", "/fx", "X-API-Key", ReadFixture.BYTES_KEY).body())
                .contains("quota_exhausted");
    }

    /** Reads with the key until refused; after each 200, waits until both paths have counted it. */
    private List<Integer> untilRefused(String key, String name) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int status = direct("GET", "/fx", "X-API-Key", key).status();
            statuses.add(status);
            if (status != 200) {
                break;
            }
            long expected = i + 1;
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> messages(direct, name) == expected && messages(spring, name) == expected);
        }
        return statuses;
    }

    private long messages(ReadFixture f, String name) {
        var client = new io.quotegate.client.ClientDirectory(f.plans)
                .identify(keyOf(name), "127.0.0.1")
                .client();
        var usage = f.counters
                .read(
                        java.util.Objects.requireNonNull(client),
                        YearMonth.from(clock.instant().atZone(ZoneOffset.UTC)))
                .block(Duration.ofSeconds(5));
        return usage == null ? 0 : usage.messages();
    }

    private static String keyOf(String name) {
        return name.equals("team-messages") ? ReadFixture.MESSAGES_KEY : ReadFixture.BYTES_KEY;
    }

    @ParameterizedTest
    @ValueSource(strings = {"open", "limited"})
    void streamsOpenAlikeWithAndWithoutLastEventIdAndCarryTheSameUpdates(String anonymousTier) throws Exception {
        start(anonymousTier);
        land(42);
        Opened a = openBoth("/fx/stream", 1);
        assertThat(a.head()).startsWith("retry: 5000\n\nid: 42\nevent: snapshot\ndata: {");
        Opened resumed = openBoth("/fx/stream", 0, "Last-Event-ID", "42");
        assertThat(resumed.head()).isEqualTo("retry: 5000\n\n");
        Opened combined = openBoth("/stream?feeds=fx", 1);
        assertThat(combined.head()).startsWith("retry: 5000\n\nid: fx:42\nevent: snapshot\n");
        Opened keyed = openBoth("/fx/stream", 2, "X-API-Key", ReadFixture.STREAMS_KEY);
        assertThat(keyed.head())
                .as("opened at its max-streams limit: the warning first")
                .startsWith("retry: 5000\n\nevent: warning\ndata: {\"type\":\"stream_limit_warning\"")
                .contains("event: snapshot");
        assertThat(direct("GET", "/fx/stream", "X-API-Key", ReadFixture.STREAMS_KEY)
                        .status())
                .as("over max-streams")
                .isEqualTo(429);
        assertThat(direct("GET", "/stream?feeds=metals").status()).isEqualTo(400);
        assertThat(direct("HEAD", "/fx/stream").status()).isEqualTo(200);

        land(43);
        for (Opened o : List.of(a, resumed, combined, keyed)) {
            String directUpdate = frame(o.direct());
            assertThat(directUpdate).as(o.path() + " update").isEqualTo(frame(o.spring()));
            assertThat(directUpdate).contains("event: update").contains("\"version\":43");
        }
    }

    private record Opened(String path, InputStream direct, InputStream spring, String head) {}

    /** Opens a stream on both paths, compares status and headers, and what each sent before the next update. */
    private Opened openBoth(String path, int frames, String... headers) throws Exception {
        long hits = count.answered();
        HttpResponse<InputStream> a = stream(directPort, path, headers);
        assertThat(count.answered()).as(path + " took the direct path").isGreaterThan(hits);
        HttpResponse<InputStream> b = stream(springPort, path, headers);
        open.add(a.body());
        open.add(b.body());
        assertThat(a.statusCode()).isEqualTo(200).isEqualTo(b.statusCode());
        assertThat(normalised(a.headers().map()))
                .as(path + " headers")
                .isEqualTo(normalised(b.headers().map()));
        String headA = opening(a.body(), frames);
        assertThat(headA).as(path + " opening").isEqualTo(opening(b.body(), frames));
        return new Opened(path, a.body(), b.body(), headA);
    }

    private HttpResponse<InputStream> stream(int port, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** retry:, then as many frames as the stream sends at once (a snapshot, a warning). */
    private static String opening(InputStream in, int frames) {
        String opening = frame(in);
        assertThat(opening).isEqualTo("retry: 5000\n\n");
        for (int i = 0; i < frames; i++) {
            opening += frame(in);
        }
        return opening;
    }

    /** One SSE frame: the bytes up to and including the blank line that ends it. */
    private static String frame(InputStream in) {
        try {
            StringBuilder seen = new StringBuilder();
            while (seen.length() < 2 || !seen.substring(seen.length() - 2).equals("\n\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new AssertionError("the stream ended after " + seen);
                }
                seen.append((char) c);
            }
            return seen.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
