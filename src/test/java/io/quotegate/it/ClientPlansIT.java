package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quotegate.client.ClientDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * Client plans over real HTTP, in real time (as in seconds mode: clients are real). Each test has
 * its own key and tier, so the counts do not mix.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "quotegate.markets.always-open=true", // a model weekend in seconds mode must not pause the pipeline
            "management.server.port=", // the actuator on the test port: ITs read /trace and /actuator/prometheus there
            "quotegate.schedule.unit=seconds",
            "quotegate.stream.heartbeat=1s",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}",
            "quotegate.clients.tiers.rpm3.requests-per-minute=3",
            "quotegate.clients.tiers.streams2.max-streams=2",
            "quotegate.clients.tiers.messages5.messages-per-month=5",
            "quotegate.clients.keys[0].name=rate-team",
            "quotegate.clients.keys[0].sha256=" + ClientPlansIT.RATE_HASH,
            "quotegate.clients.keys[0].tier=rpm3",
            "quotegate.clients.keys[1].name=stream-team",
            "quotegate.clients.keys[1].sha256=" + ClientPlansIT.STREAM_HASH,
            "quotegate.clients.keys[1].tier=streams2",
            "quotegate.clients.keys[2].name=month-team",
            "quotegate.clients.keys[2].sha256=" + ClientPlansIT.MONTH_HASH,
            "quotegate.clients.keys[2].tier=messages5"
        })
class ClientPlansIT {

    // printf %s rate-key | sha256sum, and so on (checked in keysAreHashedAsSha256sumDoes).
    static final String RATE_HASH = "e95335af91ba08c8bdd391862154e2ad0b43ee4228ea46e6176c2a4879bce340";
    static final String STREAM_HASH = "16fc9b165a8b878c81e116940fa71ef0e078372ad4326125ea9a47315c40848e";
    static final String MONTH_HASH = "bedc1d3f0a1d2be01c53815329a1593f7cf1ee28c4e36be225d5746665eefdf9";

    static final Duration PATIENCE = Duration.ofSeconds(75);

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
        await().atMost(PATIENCE).until(() -> http.get("/fx").getStatusCode().value() == 200);
    }

    @Test
    void keysAreHashedAsSha256sumDoes() {
        assertThat(ClientDirectory.sha256("rate-key")).isEqualTo(RATE_HASH);
        assertThat(ClientDirectory.sha256("stream-key")).isEqualTo(STREAM_HASH);
        assertThat(ClientDirectory.sha256("month-key")).isEqualTo(MONTH_HASH);
    }

    @Test
    void aKeyOverItsRequestsPerMinuteGets429WithRetryAfterAndTheHeaders() {
        Map<String, String> key = Map.of("X-API-Key", "rate-key");
        for (int i = 0; i < 3; i++) {
            ResponseEntity<String> ok = http.get("/fx", key);
            assertThat(ok.getStatusCode().value()).isEqualTo(200);
            assertThat(Http.header(ok, "RateLimit-Policy")).isEqualTo("\"default\";q=3;w=60");
            assertThat(Http.header(ok, "RateLimit")).startsWith("\"default\";r=" + (2 - i) + ";t=");
        }
        ResponseEntity<String> over = http.get("/fx", key);
        assertThat(over.getStatusCode().value()).isEqualTo(429);
        long retryAfter = Long.parseLong(Http.header(over, "Retry-After"));
        assertThat(retryAfter).isBetween(1L, 20L);
        assertThat(Http.header(over, "RateLimit-Policy")).isEqualTo("\"default\";q=3;w=60");
        assertThat(Http.header(over, "RateLimit")).isEqualTo("\"default\";r=0;t=" + retryAfter);
        JsonNode error = Http.parse(over.getBody());
        assertThat(error.get("error").asString()).isEqualTo("rate_limited");
        assertThat(error.get("message").asString()).contains("requests-per-minute", "3 requests per minute", "s)");
        assertThat(over.getBody()).doesNotContain("rate-key").doesNotContain("Exception");
        // The same key as ?api_key= is the same client.
        assertThat(http.get("/fx?api_key=rate-key").getStatusCode().value()).isEqualTo(429);
        // /usage is never limited, and says so.
        JsonNode usage = Http.parse(http.get("/usage", key).getBody());
        assertThat(usage.get("name").asString()).isEqualTo("rate-team");
        assertThat(usage.get("limits")
                        .get("requests-per-minute")
                        .get("remaining")
                        .asLong())
                .isZero();
        assertThat(usage.get("limitExceeded").asBoolean()).isTrue();
        String metrics = http.get("/actuator/prometheus").getBody();
        assertThat(metrics)
                .contains(
                        "quotegate_client_limited_total{application=\"quotegate\",limit=\"requests-per-minute\",tier=\"rpm3\"}");
        assertThat(metrics).doesNotContain("rate-key").doesNotContain("rate-team");
    }

    @Test
    void anUnknownKeyIs401() {
        ResponseEntity<String> r = http.get("/fx", Map.of("X-API-Key", "nobody-knows-me"));
        assertThat(r.getStatusCode().value()).isEqualTo(401);
        JsonNode error = Http.parse(r.getBody());
        assertThat(error.get("error").asString()).isEqualTo("unauthorized");
        assertThat(r.getBody()).doesNotContain("nobody-knows-me");
        assertThat(http.get("/fx/stream?api_key=nobody-knows-me")
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
    }

    @Test
    void aStreamPastMaxStreamsIsRefusedAndTheLimitFreesWhenOneCloses() {
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        Disposable a = open("/fx/stream?api_key=stream-key", first);
        await().atMost(PATIENCE).until(() -> first.contains("snapshot"));
        Disposable b = open("/crypto/stream?api_key=stream-key", second);
        try {
            await().atMost(PATIENCE).until(() -> second.contains("snapshot"));
            await().atMost(PATIENCE).until(() -> streamStatus("/stream?feeds=fx&api_key=stream-key") == 429);
            ResponseEntity<String> refused = http.client
                    .get()
                    .uri("/fx/stream")
                    .header("X-API-Key", "stream-key")
                    .exchangeToMono(r -> r.toEntity(String.class))
                    .block(PATIENCE);
            assertThat(refused.getStatusCode().value()).isEqualTo(429);
            assertThat(Http.parse(refused.getBody()).get("error").asString()).isEqualTo("too_many_streams");
            assertThat(Http.parse(refused.getBody()).get("message").asString())
                    .contains("max-streams", "2 concurrent streams");
            assertThat(Http.header(refused, "Retry-After")).isNotNull();
            assertThat(Http.parse(http.get("/usage?api_key=stream-key").getBody())
                            .get("limits")
                            .get("max-streams")
                            .get("used")
                            .asInt())
                    .isEqualTo(2);
            // The second stream reached the limit: it and the first were told.
            await().atMost(PATIENCE).until(() -> first.contains("warning") && second.contains("warning"));
        } finally {
            b.dispose();
        }
        // The closed connection frees its place.
        await().atMost(PATIENCE).until(() -> streamStatus("/fx/stream?api_key=stream-key") == 200);
        a.dispose();
    }

    @Test
    void aMonthlyMessageLimitRunsOutAndSaysSoOnUsageAndAsAWarningEvent() {
        List<ServerSentEvent<String>> events = new CopyOnWriteArrayList<>();
        AtomicBoolean ended = new AtomicBoolean();
        Disposable stream = http.client
                .get()
                .uri("/fx/stream?api_key=month-key")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .filter(e -> e.event() != null)
                .doOnComplete(() -> ended.set(true))
                .subscribe(events::add);
        try {
            await().atMost(PATIENCE).until(() -> !events.isEmpty());
            int status = 200;
            for (int i = 0; i < 10 && status == 200; i++) {
                status = http.get("/fx", Map.of("X-API-Key", "month-key"))
                        .getStatusCode()
                        .value();
            }
            assertThat(status).isEqualTo(429);
            await().atMost(PATIENCE).untilTrue(ended);
            List<JsonNode> warnings = events.stream()
                    .filter(e -> "warning".equals(e.event()))
                    .map(e -> Http.parse(e.data()))
                    .toList();
            // Once per crossing and in order, also when the counts of two responses finish in the other order.
            assertThat(warnings).extracting(w -> w.get("percentage").asDouble()).containsExactly(80.0, 100.0);
            assertThat(warnings).allSatisfy(w -> {
                assertThat(w.get("type").asString()).isEqualTo("data_limit_warning");
                assertThat(w.get("name").asString()).isEqualTo("messages-per-month");
                assertThat(w.get("limit").asLong()).isEqualTo(5);
                assertThat(w.get("resetAt").asString()).endsWith("-01T00:00:00Z");
                assertThat(w.get("message").asString()).isNotBlank();
            });
            assertThat(warnings.get(1).get("used").asLong()).isEqualTo(5);
            assertThat(events.get(events.size() - 1).event())
                    .as("the stream ends with the warning")
                    .isEqualTo("warning");

            ResponseEntity<String> refused = http.get("/fx", Map.of("X-API-Key", "month-key"));
            assertThat(Http.parse(refused.getBody()).get("error").asString()).isEqualTo("quota_exhausted");
            assertThat(Http.parse(refused.getBody()).get("message").asString())
                    .contains("messages-per-month", "5 messages per month");
            assertThat(Long.parseLong(Http.header(refused, "Retry-After"))).isPositive();

            JsonNode usage = Http.parse(
                    http.get("/usage", Map.of("X-API-Key", "month-key")).getBody());
            JsonNode messages = usage.get("limits").get("messages-per-month");
            assertThat(messages.get("used").asLong()).isEqualTo(5);
            assertThat(messages.get("limit").asLong()).isEqualTo(5);
            assertThat(messages.get("remaining").asLong()).isZero();
            assertThat(messages.get("percentage").asDouble()).isEqualTo(100.0);
            assertThat(usage.get("tier").asString()).isEqualTo("messages5");
            assertThat(usage.get("warning").asBoolean()).isTrue();
            assertThat(usage.get("limitExceeded").asBoolean()).isTrue();
            assertThat(usage.get("billingPeriod").get("daysLeft").asLong()).isBetween(1L, 31L);
            assertThat(usage.get("limits").get("bytes-per-month").get("used").asLong())
                    .isPositive();
        } finally {
            stream.dispose();
        }
    }

    @Test
    void anonymousCallersKeepTodaysBehaviour() {
        ResponseEntity<String> r = http.get("/fx");
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        assertThat(Http.header(r, "RateLimit")).isNull();
        JsonNode usage = Http.parse(http.get("/usage").getBody());
        assertThat(usage.get("name").asString()).isEqualTo("anonymous");
        assertThat(usage.get("tier").asString()).isEqualTo("open");
        assertThat(usage.get("limitExceeded").asBoolean()).isFalse();
    }

    private Disposable open(String uri, List<String> events) {
        return http.client
                .get()
                .uri(uri)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .filter(e -> e.event() != null)
                .subscribe(e -> events.add(e.event()));
    }

    private int streamStatus(String uri) {
        // A 200 is a stream that never ends: read its first event and hang up (closing the connection).
        return http.client
                .get()
                .uri(uri)
                .exchangeToFlux(r -> r.statusCode().value() == 200
                        ? r.bodyToFlux(String.class).take(1).map(x -> 200)
                        : r.bodyToMono(String.class)
                                .thenReturn(r.statusCode().value())
                                .flux())
                .blockFirst(PATIENCE);
    }
}
