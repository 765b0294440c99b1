package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * The whole pipe on the demo provider in compressed time (seconds mode): Quartz slots fire every few
 * seconds, the refresher spends the demo budget, clients read JSON and SSE over real HTTP.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=", // the actuator on the test port: ITs read /trace and /actuator/prometheus there
            "quotegate.schedule.unit=seconds",
            "quotegate.markets.always-open=true", // a model weekend in seconds mode must not pause the pipeline
            "quotegate.stream.heartbeat=1s",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class PipelineIT {

    static final List<String> FEEDS = List.of("fx", "indices", "crypto", "commodities", "stocks");
    static final Duration PATIENCE = Duration.ofSeconds(75);

    @LocalServerPort
    int port;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
        await().atMost(PATIENCE)
                .until(() -> FEEDS.stream()
                        .allMatch(f -> http.get("/" + f).getStatusCode().value() == 200));
    }

    @Test
    void everyFeedServesDataAndTheirVersionsIncrease() {
        Map<String, Long> first = new HashMap<>();
        for (String feed : FEEDS) {
            JsonNode body = http.json("/" + feed);
            assertThat(body.get("feed").asString()).isEqualTo(feed);
            assertThat(body.get("source").asString()).isEqualTo("demo");
            assertThat(body.get("data").size()).isEqualTo(feed.equals("indices") ? 16 : 8);
            JsonNode quote = body.get("data").get(0);
            assertThat(quote.get("price").decimalValue()).isPositive();
            assertThat(quote.has("change")).isTrue();
            assertThat(quote.has("changePercent")).isTrue();
            assertThat(body.has("nextRefreshAt"))
                    .as("what changes every slot is no part of a version")
                    .isFalse();
            first.put(feed, body.get("version").asLong());
        }
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (String feed : FEEDS) {
                assertThat(http.json("/" + feed).get("version").asLong())
                        .as(feed)
                        .isGreaterThan(first.get(feed));
            }
        });
    }

    @Test
    void aStreamReceivesASnapshotThenAnUpdate() {
        Flux<ServerSentEvent<String>> events = http.client
                .get()
                .uri("/fx/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .filter(e -> e.event() != null);
        long[] version = new long[1];
        StepVerifier.create(events)
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("snapshot");
                    version[0] = Long.parseLong(e.id());
                    assertThat(Http.parse(e.data()).get("version").asLong()).isEqualTo(version[0]);
                })
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("update");
                    assertThat(Long.parseLong(e.id())).isGreaterThan(version[0]);
                    assertThat(Http.parse(e.data()).get("feed").asString()).isEqualTo("fx");
                })
                .thenCancel()
                .verify(PATIENCE);
    }

    @Test
    void aStreamSendsHeartbeatComments() {
        Flux<String> raw = http.client
                .get()
                .uri("/crypto/stream")
                .retrieve()
                .bodyToFlux(byte[].class)
                .map(b -> new String(b, StandardCharsets.UTF_8));
        StepVerifier.create(raw.filter(s -> s.contains(": heartbeat")).take(1))
                .expectNextCount(1)
                .verifyComplete();
    }

    @Test
    void aCurrentClientResumingWithLastEventIdGetsNoReplay() {
        long current = http.json("/commodities").get("version").asLong();
        Flux<ServerSentEvent<String>> events = http.client
                .get()
                .uri("/commodities/stream")
                .header("Last-Event-ID", Long.toString(current))
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .filter(e -> e.event() != null);
        StepVerifier.create(events)
                .assertNext(e -> {
                    assertThat(e.event()).isEqualTo("update");
                    assertThat(Long.parseLong(e.id())).isGreaterThan(current);
                })
                .thenCancel()
                .verify(PATIENCE);
    }

    @Test
    void aCombinedStreamNamesEachFeed() {
        Flux<ServerSentEvent<String>> events = http.client
                .get()
                .uri("/stream?feeds=fx,crypto")
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .filter(e -> e.event() != null);
        StepVerifier.create(events.take(2)
                        .map(e -> Http.parse(e.data()).get("feed").asString())
                        .collectList())
                .assertNext(feeds -> assertThat(feeds).containsExactlyInAnyOrder("fx", "crypto"))
                .verifyComplete();
    }

    @Test
    void etagAnswers304AndCacheControlRunsToTheNextSlot() {
        ResponseEntity<String> first = http.get("/fx");
        String etag = Http.header(first, "ETag");
        assertThat(etag).matches("\"fx-\\d+(-stale-[0-9a-f]+)?\"");
        String cacheControl = Http.header(first, "Cache-Control");
        assertThat(cacheControl).startsWith("public, max-age=");
        assertThat(Integer.parseInt(cacheControl.substring("public, max-age=".length())))
                .isBetween(0, 30);
        ResponseEntity<String> again = http.get("/fx", Map.of("If-None-Match", etag));
        // A slot may land between the two reads; then the version (and ETag) moved on and 200 is right.
        if (again.getStatusCode().value() == 200) {
            assertThat(Http.header(again, "ETag")).isNotEqualTo(etag);
        } else {
            assertThat(again.getStatusCode().value()).isEqualTo(304);
            assertThat(again.getBody()).isNull();
        }
        assertThat(http.get("/fx", Map.of("If-None-Match", "\"fx-0\""))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
    }

    @Test
    void symbolsNarrowTheFeedAndAnUnknownSymbolIsA400NamingIt() {
        JsonNode narrowed = http.json("/fx?symbols=EUR/USD,USD/JPY");
        assertThat(narrowed.get("data").size()).isEqualTo(2);
        ResponseEntity<String> bad = http.get("/fx?symbols=EUR/USD,XXX/YYY");
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        JsonNode error = Http.parse(bad.getBody());
        assertThat(error.get("error").asString()).isEqualTo("unknown_symbol");
        assertThat(error.get("message").asString()).contains("XXX/YYY");
    }

    @Test
    void unknownFeedsAndPathsAreJson404s() {
        for (String path : List.of("/metals", "/metals/stream", "/nope/deeper/path")) {
            ResponseEntity<String> r = http.get(path);
            assertThat(r.getStatusCode().value()).as(path).isEqualTo(404);
            assertThat(r.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
            JsonNode error = Http.parse(r.getBody());
            assertThat(error.has("error")).isTrue();
            assertThat(error.get("message").asString()).isNotBlank();
            assertThat(r.getBody()).doesNotContain("Exception").doesNotContain("at io.");
        }
        ResponseEntity<String> combined = http.get("/stream?feeds=fx,metals");
        assertThat(combined.getStatusCode().value()).isEqualTo(400);
        assertThat(combined.getBody()).contains("metals");
    }

    @Test
    void traceAndBudgetShowTheLedger() {
        JsonNode trace = http.json("/trace");
        JsonNode demo = trace.get("providers").get("demo");
        assertThat(demo.get("state").asString()).isIn("ok", "warn", "degraded", "critical", "exhausted");
        assertThat(demo.get("circuit").asString()).isEqualTo("closed");
        assertThat(demo.get("budget").get("day").get("used").asLong()).isGreaterThanOrEqualTo(40);
        assertThat(demo.get("budget").get("day").get("limit").asInt()).isEqualTo(4000);
        assertThat(demo.get("budget").get("minute").get("limit").asInt()).isEqualTo(60);
        assertThat(trace.get("decisions").size()).isGreaterThan(0);
        for (String feed : FEEDS) {
            JsonNode f = trace.get("feeds").get(feed);
            assertThat(f.get("version").asLong()).as(feed).isPositive();
            assertThat(f.get("lastRefresh")
                            .get("providers")
                            .get("demo")
                            .get("outcome")
                            .asString())
                    .isEqualTo("ok");
        }
        JsonNode budget = http.json("/budget");
        JsonNode plan = budget.get("providers").get(0);
        assertThat(plan.get("provider").asString()).isEqualTo("demo");
        // Every market counts as open: five feeds on every slot would be 2,304 credits, over the 50 % target of
        // 4,000, so the planner stretches the normal feed that spends most (indices, 16 symbols) to every 2nd slot.
        assertThat(plan.get("creditsPerDay").asLong()).isEqualTo(1920);
        assertThat(plan.get("creditsClosedDay").asLong())
                .as("every market counts as open")
                .isEqualTo(1920);
        assertThat(plan.get("feeds").get(0).get("every").asInt()).isEqualTo(1);
        assertThat(plan.get("feeds").get(1).get("feed").asString()).isEqualTo("indices");
        assertThat(plan.get("feeds").get(1).get("every").asInt()).isEqualTo(2);
        assertThat(plan.get("status").asString()).isEqualTo("ok");
        assertThat(budget.get("usage").get("demo").get("day").get("used").asLong())
                .isPositive();
    }

    @Test
    void prometheusExposesTheContractMetricsAndReadinessIsUp() {
        String metrics = http.get("/actuator/prometheus").getBody();
        for (String name : List.of(
                "quotegate_upstream_requests_total{",
                "quotegate_budget_used_credits{",
                "quotegate_budget_limit_credits{",
                "quotegate_cache_reads_total{",
                "quotegate_snapshot_age_seconds{",
                "quotegate_refresh_duration_seconds_count{",
                "quotegate_sse_subscribers{",
                "quotegate_circuit_state{")) {
            assertThat(metrics).as(name).contains(name);
        }
        assertThat(metrics)
                .containsPattern(
                        "quotegate_upstream_requests_total\\{[^}]*feed=\"fx\"[^}]*outcome=\"ok\"[^}]*provider=\"demo\"");
        assertThat(metrics)
                .containsPattern("quotegate_budget_used_credits\\{[^}]*provider=\"demo\"[^}]*window=\"day\"");
        JsonNode readiness = http.json("/actuator/health/readiness");
        assertThat(readiness.get("status").asString()).isEqualTo("UP");
        assertThat(http.json("/actuator/health/liveness").get("status").asString())
                .isEqualTo("UP");
    }
}
