package io.quotegate.it;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small blocking HTTP client for integration tests: status, headers and JSON of one request. On the
 * public port every response it sees is checked against the shipped OpenAPI document ({@link OpenApi}),
 * so the document cannot drift from what the service answers.
 */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    final WebClient client;
    private final boolean documented;

    /**
     * The tests' own event loops and connection pool, apart from Reactor Netty's process-wide ones: the
     * integration tests run many services in one JVM, whose provider clients use the global loops and pool,
     * and a test's request once waited 20 s for an answer after an earlier one on the same pooled
     * connection had been answered (AdminTokenIT, in a full run only).
     */
    private static final LoopResources LOOPS = LoopResources.create("it-http", 2, true);

    /** A client of the public port: its responses are checked against the OpenAPI document. */
    Http(int port) {
        this(port, true);
    }

    /** A client of the management port (the actuator: not part of the public API's document). */
    static Http management(int port) {
        return new Http(port, false);
    }

    private Http(int port, boolean documented) {
        this.documented = documented;
        HttpClient http = HttpClient.create(ConnectionProvider.builder("it-http-" + port)
                        .maxConnections(200)
                        .maxIdleTime(Duration.ofSeconds(5))
                        // Idle connections close in the background too, not only when the pool is next used: a client
                        // of a test that has ended (ClientLoadIT opens 200) no longer holds its sockets, two
                        // descriptors each, until the JVM exits (about 1,000 open by the end of the ITs otherwise).
                        .evictInBackground(Duration.ofSeconds(5))
                        .build())
                .runOn(LOOPS);
        this.client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .baseUrl("http://localhost:" + port)
                .codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024))
                .build();
    }

    ResponseEntity<String> get(String path) {
        return get(path, Map.of());
    }

    ResponseEntity<String> get(String path, Map<String, String> headers) {
        ResponseEntity<String> r = client.get()
                .uri(path)
                .headers(h -> headers.forEach(h::set))
                .exchangeToMono(x -> x.toEntity(String.class))
                .block(TIMEOUT);
        if (documented && r != null) {
            OpenApi.DOCUMENT.check(
                    "GET",
                    path,
                    r.getStatusCode().value(),
                    name -> r.getHeaders().getFirst(name),
                    r.getBody());
        }
        return r;
    }

    JsonNode json(String path) {
        ResponseEntity<String> r = get(path);
        if (!r.getStatusCode().is2xxSuccessful()) {
            throw new AssertionError(path + " answered " + r.getStatusCode() + ": " + r.getBody());
        }
        return JSON.readTree(r.getBody());
    }

    static JsonNode parse(String body) {
        return JSON.readTree(body);
    }

    static String header(ResponseEntity<?> r, String name) {
        HttpHeaders h = r.getHeaders();
        return h.getFirst(name);
    }
}
