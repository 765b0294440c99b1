package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.JsonNode;

/**
 * A budget too small for every warm-up. With a day limit of 20, fx's half share (10) covers its 8
 * credits; the other feeds' shares (about 3 each) do not, and borrowing would eat what the others
 * need for their next slots, so the ledger refuses them. Those feeds answer 503 with a JSON error and
 * Retry-After, readiness names them, and /trace says why.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=", // the actuator on the test port: ITs read /trace and /actuator/prometheus there
            "quotegate.schedule.unit=seconds",
            "quotegate.markets.always-open=true",
            "quotegate.schedule.enabled=false",
            "quotegate.providers.demo.limits.per-day=20",
            "quotegate.budget.allow-overcommit=true", // a day of 20 credits cannot fit the plan: that is the point
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class ColdStartIT {

    @LocalServerPort
    int port;

    @Test
    void feedsTheBudgetCouldNotWarmAnswer503AndReadinessNamesThem() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> http.get("/fx").getStatusCode().value() == 200);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> http.json("/trace").get("feeds").get("stocks").has("lastRefresh"));

        ResponseEntity<String> indices = http.get("/indices");
        assertThat(indices.getStatusCode().value()).isEqualTo(503);
        assertThat(Http.header(indices, "Retry-After")).matches("\\d+");
        JsonNode error = Http.parse(indices.getBody());
        assertThat(error.get("error").asString()).isEqualTo("not_ready");
        assertThat(error.get("message").asString()).contains("indices");

        ResponseEntity<String> readiness = http.get("/actuator/health/readiness");
        assertThat(readiness.getStatusCode().value()).isEqualTo(503);
        JsonNode notReady = Http.parse(readiness.getBody())
                .get("components")
                .get("feeds")
                .get("details")
                .get("notReady");
        // A warm-up is rationed only by the hard limits, not the shares: fx (8) and whichever of crypto,
        // commodities and stocks (8 each) warms first fit the day's 20; indices (16) and the other two do not.
        assertThat(notReady.toString()).contains("indices").doesNotContain("fx");
        assertThat(notReady.size()).isEqualTo(3);
        assertThat(java.util.stream.Stream.of("crypto", "commodities", "stocks")
                        .filter(f -> notReady.toString().contains(f))
                        .count())
                .isEqualTo(2);

        JsonNode lastRefresh = http.json("/trace").get("feeds").get("indices").get("lastRefresh");
        JsonNode demo = lastRefresh.get("providers").get("demo");
        assertThat(demo.get("outcome").asString()).isEqualTo("budget_denied");
        assertThat(demo.get("message").asString()).contains("day limit 20");
    }
}
