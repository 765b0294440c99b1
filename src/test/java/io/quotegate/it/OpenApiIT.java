package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/**
 * The OpenAPI document is served at {@code /openapi.json} on the public port and describes what the
 * service answers: every endpoint of the public API, its errors and the events of its streams, each
 * response checked against the document ({@link OpenApi}; every other IT's public responses are checked
 * the same way through {@link Http}). A key of a tier with every limit gives the rate-limit headers.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "quotegate.markets.always-open=true",
            "quotegate.schedule.unit=seconds",
            "quotegate.http.cors.allowed-origins=https://app.example.com",
            "quotegate.clients.tiers.small.requests-per-minute=600",
            "quotegate.clients.tiers.small.max-streams=5",
            "quotegate.clients.tiers.small.messages-per-month=10000",
            "quotegate.clients.keys[0].name=team-a",
            // printf %s openapi-key | sha256sum
            "quotegate.clients.keys[0].sha256=" + OpenApiIT.KEY_SHA256,
            "quotegate.clients.keys[0].tier=small",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class OpenApiIT {

    static final String KEY = "openapi-key";
    static final String KEY_SHA256 = "f72b417671fc0ea8748e0f9aac8c674544ea98ce883066b5894daea81df968ff";

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void warm() {
        http = new Http(port);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> http.get("/fx").getStatusCode().value() == 200);
    }

    @Test
    void theDocumentIsServedOnThePublicPortAsShipped() throws Exception {
        ResponseEntity<String> served = http.get("/openapi.json");
        assertThat(served.getStatusCode().value()).isEqualTo(200);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("static/openapi.json")) {
            assertThat(Http.parse(served.getBody()))
                    .isEqualTo(Http.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
        assertThat(Http.parse(served.getBody()).get("openapi").asString()).startsWith("3.1.");
    }

    @Test
    void everyEndpointAndErrorAnswersAsDocumented() {
        // Each of these is checked against the document by Http.get; a response it does not describe fails here.
        assertThat(http.json("/feeds").get("feeds").size()).isPositive();
        String etag = http.get("/fx").getHeaders().getETag();
        assertThat(http.get("/fx", Map.of("If-None-Match", etag))
                        .getStatusCode()
                        .value())
                .isEqualTo(304);
        assertThat(http.get("/fx?symbols=EUR/USD").getStatusCode().value()).isEqualTo(200);
        assertThat(http.get("/fx?symbols=NOPE").getStatusCode().value()).isEqualTo(400);
        assertThat(http.get("/metals").getStatusCode().value()).isEqualTo(404);
        assertThat(http.get("/fx", Map.of("Origin", "https://app.example.com"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(http.get("/fx", Map.of("Origin", "https://evil.example.net"))
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
        assertThat(http.get("/fx", Map.of("X-API-Key", "not-a-key"))
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
        ResponseEntity<String> keyed = http.get("/fx", Map.of("X-API-Key", KEY));
        assertThat(keyed.getHeaders().getFirst("RateLimit")).isNotNull();
        assertThat(http.get("/usage", Map.of("X-API-Key", KEY)).getStatusCode().value())
                .isEqualTo(200);
        assertThat(http.get("/usage").getStatusCode().value()).isEqualTo(200);
        assertThat(http.get("/stream?feeds=metals").getStatusCode().value()).isEqualTo(400);
        assertThat(http.get("/livez").getStatusCode().value()).isEqualTo(200);
        assertThat(http.get("/readyz").getStatusCode().value()).isIn(200, 503);
    }

    @Test
    void theStreamsEventsAreDocumented() {
        for (String path : new String[] {"/fx/stream", "/stream?feeds=fx,crypto", "/crypto/stream?api_key=" + KEY}) {
            String opening = http.client
                    .get()
                    .uri(path)
                    .exchangeToFlux(r -> {
                        assertThat(r.statusCode().value()).isEqualTo(200);
                        return r.bodyToFlux(byte[].class);
                    })
                    .map(b -> new String(b, StandardCharsets.UTF_8))
                    .scan(new StringBuilder(), StringBuilder::append)
                    .filter(all -> all.toString().contains("event: snapshot")
                            && all.toString().endsWith("\n\n"))
                    .next()
                    .map(StringBuilder::toString)
                    .block(Duration.ofSeconds(30));
            OpenApi.DOCUMENT.check(
                    "GET", path, 200, name -> name.equals("Content-Type") ? "text/event-stream" : null, opening);
        }
    }

    @Test
    void theCheckFailsOnAnUndocumentedField() {
        String body = http.get("/fx").getBody().replaceFirst("\"symbol\":", "\"sym\":\"x\",\"symbol\":");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenApi.DOCUMENT.check(
                        "GET", "/fx", 200, name -> http.get("/fx").getHeaders().getFirst(name), body))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("sym");
    }
}
