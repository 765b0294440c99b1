package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.testing.MutableClock;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Which requests {@link DirectReads} answers ahead of Spring's adapter, decided from the request line
 * alone: here Spring is a handler that answers {@code 299}, so that what reaches it can be told apart.
 * Feed reads are answered on their connection ({@link ChannelReads}), streams by the route, and pipelined
 * requests keep their order across the three (when Reactor Netty answers late: {@link ChannelReadsTest}). That the paths answer alike is {@link ReadPathsDifferentialTest}'s.
 */
class DirectReadsTest {

    private static final int SPRING = 299;

    private final ReadFixture f = new ReadFixture(
            new MutableClock(Instant.parse("2026-12-01T10:00:05Z")), "open", List.of("https://app.example.com"));
    private final HttpHandler spring = (request, response) -> {
        response.setStatusCode(HttpStatusCode.valueOf(SPRING));
        return response.setComplete();
    };
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final DirectReads direct = new DirectReads(f.contract, new GenericApplicationContext());
    private final DirectCount count = new DirectCount(direct);
    private final DisposableServer server = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .doOnChannelInit((observer, channel, remote) -> count.install(channel))
            .route(routes -> {
                routes.route(count::direct, direct::serve);
                routes.route(r -> true, new ReactorHttpHandlerAdapter(spring));
            })
            .bindNow();

    DirectReadsTest() {
        direct.listening(server.port());
    }

    @AfterEach
    void stop() {
        server.disposeNow();
    }

    private int status(String method, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theContractsReadsAreDirectWhateverTheirAnswer() throws Exception {
        assertThat(status("GET", "/fx")).as("a 503 before warm-up").isEqualTo(503);
        f.land(42);
        assertThat(status("GET", "/fx")).isEqualTo(200);
        assertThat(status("HEAD", "/fx")).isEqualTo(200);
        assertThat(status("GET", "/fx?symbols=GBP/USD")).isEqualTo(200);
        assertThat(status("GET", "/fx?symbols=XXX")).as("its 400").isEqualTo(400);
        assertThat(status("GET", "/fx?api_key=not-a-key"))
                .as("a key in the query")
                .isEqualTo(401);
        assertThat(status("GET", "/fx", "X-API-Key", "not-a-key")).isEqualTo(401);
        assertThat(status("GET", "/fx", "Origin", "https://evil.example.net")).isEqualTo(403);
        assertThat(status("GET", "/fx?symbols=EUR/USD&x=1"))
                .as("another parameter")
                .isEqualTo(200);
        assertThat(status("GET", "/stream?feeds=metals"))
                .as("a combined stream's 400")
                .isEqualTo(400);
    }

    @Test
    void feedReadsAreAnsweredOnTheConnectionAndStreamsByTheRoute() throws Exception {
        f.land(42);
        long before = count.onConnection();
        assertThat(status("GET", "/fx")).isEqualTo(200);
        assertThat(status("GET", "/fx?symbols=XXX")).isEqualTo(400);
        assertThat(status("HEAD", "/fx")).isEqualTo(200);
        assertThat(count.onConnection()).isEqualTo(before + 3);
        long all = count.answered();
        assertThat(status("HEAD", "/fx/stream")).isEqualTo(200);
        assertThat(count.answered()).as("by the route").isEqualTo(all + 1);
        assertThat(count.onConnection()).isEqualTo(before + 3);
    }

    @Test
    void pipelinedRequestsAreAnsweredInTheirOrderWhoeverAnswersThem() throws Exception {
        f.land(42);
        long before = count.onConnection();
        String requests = "GET /fx?symbols=EUR%2FUSD HTTP/1.1\r\nHost: a\r\n\r\n" // Spring
                + "GET /fx HTTP/1.1\r\nHost: a\r\n\r\n" // on the connection, once Spring has answered
                + "GET /usage HTTP/1.1\r\nHost: a\r\n\r\n" // Spring
                + "GET /fx?symbols=XXX HTTP/1.1\r\nHost: a\r\n\r\n" // on the connection
                + "GET /fx HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"; // the route
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            List<String> statuses = Pattern.compile("HTTP/1\\.1 (\\d{3})")
                    .matcher(answers)
                    .results()
                    .map(m -> m.group(1))
                    .toList();
            assertThat(statuses).containsExactly("299", "200", "299", "400", "200");
            assertThat(count.onConnection()).as("two of them").isEqualTo(before + 2);
        }
    }

    @Test
    void everythingElseReachesSpring() throws Exception {
        f.land(42);
        assertThat(status("GET", "/fx?symbols=EUR%2FUSD")).as("an escape").isEqualTo(SPRING);
        assertThat(status("GET", "/fx?symbols=EUR+USD")).as("a plus").isEqualTo(SPRING);
        assertThat(status("GET", "/fx?symbols=A;b=c")).as("a semicolon").isEqualTo(SPRING);
        assertThat(status("POST", "/fx")).as("another method").isEqualTo(SPRING);
        assertThat(status("OPTIONS", "/fx/stream")).as("a preflight").isEqualTo(SPRING);
        assertThat(status("GET", "/metals")).as("not a feed").isEqualTo(SPRING);
        assertThat(status("GET", "/fx/")).as("not a feed's path").isEqualTo(SPRING);
        assertThat(status("GET", "/metals/stream")).as("not a feed's stream").isEqualTo(SPRING);
        assertThat(status("GET", "/usage")).isEqualTo(SPRING);
    }

    @Test
    void onAnotherServerNothingIsDirect() throws Exception {
        f.land(42);
        direct.listening(server.port() + 1); // the public server is another one (this is the management server)
        assertThat(status("GET", "/fx")).isEqualTo(SPRING);
    }

    @Test
    void aPlainQuerysParametersAreReadAsSpringReadsThem() {
        assertThat(DirectReads.parameter("/fx?symbols=EUR/USD,GBP/USD", 4, "symbols"))
                .isEqualTo("EUR/USD,GBP/USD");
        assertThat(DirectReads.parameter("/fx?symbols=", 4, "symbols")).isEmpty();
        assertThat(DirectReads.parameter("/fx?symbols", 4, "symbols")).isNull();
        assertThat(DirectReads.parameter("/fx?symbol=A", 4, "symbols")).isNull();
        assertThat(DirectReads.parameter("/fx?x=1&symbols=A&symbols=B", 4, "symbols"))
                .isEqualTo("A");
        assertThat(DirectReads.parameter("/fx?api_key=k&symbols=A", 4, "api_key"))
                .isEqualTo("k");
        assertThat(DirectReads.plainQuery("/fx?symbols=EUR/USD", 4)).isTrue();
        assertThat(DirectReads.plainQuery("/fx?symbols=EUR%2FUSD", 4)).isFalse();
    }
}
