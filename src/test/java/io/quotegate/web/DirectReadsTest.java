package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.cache.CaffeineSnapshotStore;
import io.quotegate.client.ClientDirectory;
import io.quotegate.client.ClientGate;
import io.quotegate.client.ClientMetrics;
import io.quotegate.client.ClientProperties;
import io.quotegate.client.LocalRequestLimiter;
import io.quotegate.client.LocalStreamRegistry;
import io.quotegate.client.LocalUsageCounters;
import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.stream.Broadcaster;
import io.quotegate.testing.MutableClock;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The direct read path on a real Reactor Netty server, routed as Boot routes it (these routes first,
 * then Spring's adapter for everything): which requests it answers, that its answers carry what
 * {@link FeedReads} writes for the same request, and that everything else reaches Spring, here a
 * handler that answers {@code 299} so that it can be told apart.
 */
class DirectReadsTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:05Z");
    private static final Feed FX = HttpTesting.FX;
    private static final int SPRING = 299;
    private static final String KEY = "direct-key-123";

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CaffeineSnapshotStore store = new CaffeineSnapshotStore(
            Map.of("fx", Duration.ofMinutes(30)),
            clock,
            tools.jackson.databind.json.JsonMapper.builder().build(),
            meters);
    private final FeedCatalog feeds = new FeedCatalog(List.of(FX));
    private FeedAnswers answers;
    private ClientGate gate;
    private ClientProperties plans;
    private final LocalUsageCounters counters = new LocalUsageCounters();
    private final Broadcaster broadcaster =
            new Broadcaster(feeds.names(), store, Duration.ofSeconds(15), Schedulers.parallel(), meters);
    private final HttpHandler spring = (request, response) -> {
        response.setStatusCode(HttpStatusCode.valueOf(SPRING));
        return response.setComplete();
    };
    private final HttpClient client = HttpClient.newHttpClient();
    private DisposableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow();
        }
    }

    private DirectReads start(String anonymousTier, List<String> corsOrigins) {
        plans = new ClientProperties(
                anonymousTier,
                0.8,
                Map.of(
                        "limited",
                        new ClientProperties.TierLimits(600, 0, 0, DataSize.ofBytes(0)),
                        "two-a-minute",
                        new ClientProperties.TierLimits(2, 0, 0, DataSize.ofBytes(0))),
                List.of(new ClientProperties.KeyEntry("team-a", ClientDirectory.sha256(KEY), "two-a-minute")),
                "test:");
        gate = new ClientGate(
                new ClientDirectory(plans),
                new LocalRequestLimiter(clock),
                new LocalStreamRegistry(),
                counters,
                new ClientMetrics(meters, plans.tiers().keySet()),
                clock,
                plans.warnAt());
        HttpProperties http = HttpTesting.properties(corsOrigins);
        answers = new FeedAnswers(
                feeds,
                store,
                new SlotSchedule(SlotUnit.MINUTES, ZoneOffset.UTC),
                clock,
                new ProviderRegistry(Map.of(), Map.of()),
                http);
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("httpHandler", spring));
        DirectReads direct = new DirectReads(
                answers,
                new StreamReads(feeds, broadcaster),
                broadcaster,
                gate,
                JsonMapper.builder().build(),
                http,
                beans.getBeanProvider(HttpHandler.class),
                new GenericApplicationContext());
        ReactorHttpHandlerAdapter adapter = new ReactorHttpHandlerAdapter(spring);
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> {
                    direct.apply(routes);
                    routes.route(r -> true, adapter);
                })
                .bindNow();
        direct.listening(server.port());
        return direct;
    }

    private void land(long version) {
        HttpTesting.land(store, clock, version);
    }

    private HttpResponse<byte[]> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private double allowed(String tier) {
        var c = meters.find("quotegate.client.requests")
                .tag("tier", tier)
                .tag("outcome", "allowed")
                .counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void anAnonymousReadIsAnsweredDirectlyWithTheHeadersOfTheFilteredPath() throws Exception {
        start("open", List.of("*"));
        land(42);
        HttpResponse<byte[]> r = get("/fx");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("ETag")).hasValue("\"fx-42\"");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=1795"); // to 10:30:00
        assertThat(r.headers().firstValue("Vary"))
                .as("with CORS on, an Origin changes the answer")
                .hasValue("Origin, Accept-Encoding");
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length);
        assertThat(r.body()).isEqualTo(store.peek("fx").orElseThrow().json());
        assertThat(allowed("open"))
                .as("counted as an allowed request of its tier")
                .isEqualTo(1.0);
    }

    @Test
    void narrowed304AndGzipReadsAreDirectToo() throws Exception {
        start("open", List.of());
        land(42);
        HttpResponse<byte[]> narrowed = get("/fx?symbols=GBP/USD");
        assertThat(narrowed.statusCode()).isEqualTo(200);
        assertThat(new String(narrowed.body(), StandardCharsets.UTF_8))
                .contains("GBP/USD")
                .doesNotContain("EUR/USD");
        String weak = narrowed.headers().firstValue("ETag").orElseThrow();
        assertThat(weak).startsWith("W/\"fx-42-");

        HttpResponse<byte[]> notModified = get("/fx?symbols=GBP/USD", "If-None-Match", weak);
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.headers().firstValue("ETag")).hasValue(weak);

        HttpResponse<byte[]> gzip = get("/fx", "Accept-Encoding", "gzip");
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip.body()))) {
            assertThat(in.readAllBytes())
                    .isEqualTo(store.peek("fx").orElseThrow().json());
        }
        assertThat(allowed("open")).isEqualTo(3.0);
    }

    @Test
    void everythingElseReachesSpring() throws Exception {
        start("open", List.of("https://app.example.com"));
        land(42);
        assertThat(get("/fx", "Origin", "https://app.example.com").statusCode())
                .as("an Origin, with CORS configured")
                .isEqualTo(SPRING);
        assertThat(get("/fx?api_key=some-key").statusCode())
                .as("a key in the query")
                .isEqualTo(SPRING);
        assertThat(get("/fx?symbols=EUR%2FUSD").statusCode()).as("an escape").isEqualTo(SPRING);
        assertThat(get("/fx?symbols=EUR/USD&x=1").statusCode())
                .as("another parameter")
                .isEqualTo(SPRING);
        assertThat(get("/fx?symbols=XXX").statusCode())
                .as("an unknown symbol (its 400)")
                .isEqualTo(SPRING);
        assertThat(get("/fx?symbols=").statusCode()).as("no symbol (its 400)").isEqualTo(SPRING);
        assertThat(get("/metals").statusCode()).as("not a feed").isEqualTo(SPRING);
        assertThat(get("/fx/").statusCode()).as("not a feed's path").isEqualTo(SPRING);
        assertThat(get("/stream?feeds=fx").statusCode()).as("a combined stream").isEqualTo(SPRING);
        assertThat(client.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/fx"))
                                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode())
                .as("HEAD")
                .isEqualTo(SPRING);
        assertThat(allowed("open"))
                .as("nothing counted here: Spring's client filter counts those")
                .isZero();
    }

    @Test
    void aFeedNotServedYetReachesSpringForIts503() throws Exception {
        start("open", List.of());
        assertThat(get("/fx").statusCode()).isEqualTo(SPRING);
        land(1);
        assertThat(get("/fx").statusCode()).isEqualTo(200);
    }

    @Test
    void aLimitedOrAbsentAnonymousTierSendsEveryReadToSpring() throws Exception {
        start("limited", List.of());
        land(42);
        assertThat(get("/fx").statusCode()).isEqualTo(SPRING);
        stop();
        start(ClientProperties.NONE, List.of());
        assertThat(get("/fx").statusCode()).isEqualTo(SPRING);
    }

    @Test
    void withCorsOffAnOriginDoesNotMatter() throws Exception {
        start("open", List.of());
        land(42);
        HttpResponse<byte[]> r = get("/fx", "Origin", "https://app.example.com");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Vary")).hasValue("Accept-Encoding");
    }

    @Test
    void onAnotherServerNothingIsDirect() throws Exception {
        DirectReads direct = start("open", List.of());
        land(42);
        direct.listening(server.port() + 1); // the public server is another one (this is the management server)
        assertThat(get("/fx").statusCode()).isEqualTo(SPRING);
    }

    @Test
    void aFeedStreamIsDirectAndStartsWithRetryThenTheSnapshot() throws Exception {
        start("open", List.of());
        land(42);
        HttpResponse<InputStream> r = client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/fx/stream"))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(r.headers().firstValue("X-Accel-Buffering")).hasValue("no");
            String expected = "retry: 5000\n\nid: 42\nevent: snapshot\n";
            byte[] head = in.readNBytes(expected.length());
            assertThat(new String(head, StandardCharsets.UTF_8)).isEqualTo(expected);
            skipPast(in, "\n\n");
            land(43); // the client decodes the chunks: a frame written ahead of the codec must be one
            String update = "id: 43\nevent: update\ndata: {\"feed\":\"fx\",\"version\":43,";
            broadcaster.publish(store.peek("fx").orElseThrow());
            assertThat(Mono.fromCallable(() -> new String(in.readNBytes(update.length()), StandardCharsets.UTF_8))
                            .subscribeOn(Schedulers.boundedElastic())
                            .block(Duration.ofSeconds(10)))
                    .isEqualTo(update);
        }
        assertThat(allowed("open")).isEqualTo(1.0);
        assertThat(Mono.fromCallable(() -> get("/fx/stream", "X-API-Key", KEY).statusCode())
                        .block(Duration.ofSeconds(10)))
                .as("a keyed stream: its lease and warnings are Spring's")
                .isEqualTo(SPRING);
    }

    private static void skipPast(InputStream in, String end) throws java.io.IOException {
        String seen = "";
        while (!seen.endsWith(end)) {
            int b = in.read();
            assertThat(b).as("the stream ended before " + end.strip()).isNotNegative();
            seen = seen.substring(Math.max(0, seen.length() - end.length())) + (char) b;
        }
    }

    @Test
    void onlyAPlainSymbolsQueryIsReadAsIs() {
        assertThat(DirectReads.plainSymbols("/fx?symbols=EUR/USD,GBP/USD", 4)).isTrue();
        assertThat(DirectReads.plainSymbols("/fx?symbols=", 4)).isTrue(); // its 400 is the reader's
        assertThat(DirectReads.plainSymbols("/fx?symbol=EUR/USD", 4)).isFalse();
        assertThat(DirectReads.plainSymbols("/fx?symbols=EUR%2FUSD", 4)).isFalse();
        assertThat(DirectReads.plainSymbols("/fx?symbols=EUR+USD", 4)).isFalse();
        assertThat(DirectReads.plainSymbols("/fx?symbols=A&api_key=k", 4)).isFalse();
        assertThat(DirectReads.plainSymbols("/fx?symbols=A;b=c", 4)).isFalse();
    }

    @Test
    void aKeyedReadIsAdmittedAnsweredWithItsRateHeadersAndCounted() throws Exception {
        start("open", List.of());
        land(42);
        HttpResponse<byte[]> r = get("/fx", "X-API-Key", KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("RateLimit-Policy")).hasValue("\"default\";q=2;w=60");
        assertThat(r.headers().firstValue("RateLimit"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("\"default\";r=1;t="));
        assertThat(r.body()).isEqualTo(store.peek("fx").orElseThrow().json());

        HttpResponse<byte[]> notModified = get("/fx", "X-API-Key", KEY, "If-None-Match", "\"fx-42\"");
        assertThat(notModified.statusCode()).isEqualTo(304);

        ClientDirectory.Lookup team = new ClientDirectory(plans).identify(KEY, "127.0.0.1");
        // Counted after the response: one message and the body's bytes for the 200, nothing for the 304.
        java.util.function.Supplier<io.quotegate.client.MonthlyUsage> used =
                () -> counters.read(team.client(), java.time.YearMonth.from(T0.atZone(ZoneOffset.UTC)))
                        .block(Duration.ofSeconds(5));
        for (int i = 0; i < 50 && used.get().bytes() == 0; i++) {
            Thread.sleep(20);
        }
        assertThat(used.get()).isEqualTo(new io.quotegate.client.MonthlyUsage(1, r.body().length));

        HttpResponse<byte[]> limited = get("/fx", "X-API-Key", KEY);
        assertThat(limited.statusCode()).as("the third request in a minute").isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new String(limited.body(), StandardCharsets.UTF_8)).contains("\"error\":\"rate_limited\"");
        assertThat(allowed("two-a-minute")).isEqualTo(2.0);
    }

    @Test
    void anUnknownKeyIsAJson401WithTheChallenge() throws Exception {
        start("open", List.of());
        land(42);
        HttpResponse<byte[]> r = get("/fx", "X-API-Key", "not-a-key");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("ApiKey header=\"X-API-Key\"");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"error\":\"unauthorized\"");
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length);
    }

    @Test
    void aKeyedReadThatWouldBeA400IsLeftToSpringBeforeItIsAdmitted() throws Exception {
        start("open", List.of());
        land(42);
        assertThat(get("/fx?symbols=XXX", "X-API-Key", KEY).statusCode()).isEqualTo(SPRING);
        assertThat(allowed("two-a-minute")).as("not admitted here").isZero();
        assertThat(get("/fx?symbols=GBP/USD", "X-API-Key", KEY).statusCode()).isEqualTo(200);
    }
}
