package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * What a browser and an operator see with the shipped port layout: the actuator on its own port
 * (random here, 8081 when shipped), no admin token. Feeds and streams answer cross-origin; /trace,
 * /budget and the actuator are not on the public port; errors Netty or the URI parser would answer with
 * an empty body are JSON.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "quotegate.markets.always-open=true", // a model weekend in seconds mode must not pause the pipeline
            "management.server.port=0",
            "quotegate.http.cors.allowed-origins=https://app.example.com",
            "quotegate.schedule.unit=seconds",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class BrowserHttpIT {

    private static final String ORIGIN = "https://app.example.com";

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    Http http;
    Http management;

    @BeforeEach
    void clients() {
        http = new Http(port);
        management = Http.management(managementPort);
    }

    @Test
    void feedsAnswerAnAllowedOriginAndNotAnOther() {
        ResponseEntity<String> allowed = http.get("/fx", Map.of("Origin", ORIGIN));
        assertThat(Http.header(allowed, "Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(Http.header(allowed, "Access-Control-Expose-Headers")).contains("ETag");
        // A read without an Origin (answered ahead of Spring) has no Access-Control-Allow-Origin: both say
        // that the Origin changes the answer, so that a shared cache does not hand one to the other.
        ResponseEntity<String> sameOrigin = http.get("/fx", Map.of());
        assertThat(Http.header(sameOrigin, "Access-Control-Allow-Origin")).isNull();
        assertThat(Http.header(allowed, "Vary")).isEqualTo("Origin, Accept-Encoding");
        assertThat(Http.header(sameOrigin, "Vary")).isEqualTo("Origin, Accept-Encoding");

        ResponseEntity<String> other = http.get("/fx", Map.of("Origin", "https://evil.example.net"));
        assertThat(other.getStatusCode().value()).isEqualTo(403);
        assertThat(Http.parse(other.getBody()).get("error").asString()).isEqualTo("cors_rejected");
        assertThat(Http.header(other, "Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void aPreflightForAStreamAllowsLastEventId() {
        ResponseEntity<String> preflight = http.client
                .method(HttpMethod.OPTIONS)
                .uri("/fx/stream")
                .header("Origin", ORIGIN)
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "last-event-id")
                .exchangeToMono(r -> r.toEntity(String.class))
                .block();
        assertThat(preflight.getStatusCode().value()).isEqualTo(200);
        assertThat(Http.header(preflight, "Access-Control-Allow-Origin")).isEqualTo(ORIGIN);
        assertThat(Http.header(preflight, "Access-Control-Allow-Headers")).containsIgnoringCase("last-event-id");
        assertThat(Http.header(preflight, "Access-Control-Allow-Methods")).contains("GET");
    }

    @Test
    void adminEndpointsAreNotOnThePublicPort() {
        for (String path : new String[] {"/trace", "/budget", "/actuator/prometheus", "/actuator/metrics"}) {
            ResponseEntity<String> r = http.get(path, Map.of("Origin", ORIGIN));
            assertThat(r.getStatusCode().value()).as(path).isEqualTo(404);
            JsonNode body = Http.parse(r.getBody());
            assertThat(body.get("error").asString()).as(path).isEqualTo("not_found");
            assertThat(body.get("message").asString()).as(path).contains("management port");
            assertThat(Http.header(r, "Access-Control-Allow-Origin")).as(path).isNull();
        }
    }

    @Test
    void thePublicPortKeepsTheProbes() {
        assertThat(http.get("/livez").getStatusCode().value()).isEqualTo(200);
        assertThat(http.get("/readyz").getStatusCode().value()).isIn(200, 503);
    }

    @Test
    void theManagementPortServesDiagnosticsAndMetrics() {
        JsonNode trace = management.json("/actuator/trace");
        assertThat(trace.has("feeds")).isTrue();
        JsonNode budget = management.json("/actuator/budget");
        assertThat(budget.toString()).contains("demo");
        ResponseEntity<String> prometheus = management.get("/actuator/prometheus");
        assertThat(prometheus.getStatusCode().value()).isEqualTo(200);
        assertThat(prometheus.getBody()).contains("quotegate_cache_reads_total");
        assertThat(management.get("/actuator/health/readiness").getStatusCode().value())
                .isIn(200, 503);
    }

    @Test
    void aMalformedPercentEscapeIsAJson400() throws IOException {
        Raw r = raw("GET /fx?symbols=%ZZ HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(r.status).isEqualTo(400);
        assertThat(r.headers).containsIgnoringCase("content-type: application/json");
        JsonNode body = Http.parse(r.body);
        assertThat(body.get("error").asString()).isEqualTo("bad_uri");
        assertThat(body.get("message").asString()).contains("%");
    }

    @Test
    void anOverlongUriIsAJson414() throws IOException {
        Raw r = raw("GET /fx?symbols=" + "A".repeat(9000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertThat(r.status).isEqualTo(414);
        JsonNode body = Http.parse(r.body);
        assertThat(body.get("error").asString()).isEqualTo("uri_too_long");
    }

    @Test
    void aWellFormedRequestOnTheSameKindOfConnectionStillWorks() throws IOException {
        Raw r = raw("GET /fx?symbols=EUR%2FUSD HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(r.status).isIn(200, 503);
    }

    private record Raw(int status, String headers, String body) {}

    private Raw raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                all.write(buffer, 0, n);
                String text = all.toString(StandardCharsets.UTF_8);
                int split = text.indexOf("\r\n\r\n");
                if (split > 0) {
                    String head = text.substring(0, split);
                    int length = contentLength(head);
                    if (length >= 0 && text.length() - split - 4 >= length) {
                        break;
                    }
                }
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            int status = Integer.parseInt(head.split(" ", 3)[1]);
            return new Raw(status, head, text.substring(split + 4));
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return -1;
    }
}
