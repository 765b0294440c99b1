package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quotegate.it.FakeUpstream.Fault;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every provider fails from the very start. The feed with static data (commodities) serves it with
 * source fallback; the others answer 503 with a JSON error and Retry-After; readiness names them;
 * /trace says what each provider answered.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=", // the actuator on the test port: ITs read /trace and /actuator/prometheus there
            "spring.profiles.active=live",
            "quotegate.schedule.enabled=false",
            "quotegate.schedule.unit=seconds",
            "quotegate.markets.always-open=true",
            "quotegate.providers.marketstack.enabled=true",
            "quotegate.feeds.crypto.providers=twelvedata,binance,coingecko", // the chain these cases were written for
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class LiveColdStartIT {

    static final FakeUpstream FAKE = new FakeUpstream(java.time.Clock.systemUTC());

    static {
        for (String p : LiveProviders.HTTP_PROVIDERS) {
            FAKE.fault(p, Fault.HTML_502);
        }
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        LiveProviders.register(registry, FAKE);
    }

    @AfterAll
    static void stop() throws Exception {
        FAKE.close();
    }

    @LocalServerPort
    int port;

    @Test
    void staticDataServesAndEveryOtherFeedAnswers503() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode feeds = http.json("/trace").get("feeds");
            return feeds.get("fx").has("lastRefresh")
                    && feeds.get("indices").has("lastRefresh")
                    && feeds.get("crypto").has("lastRefresh")
                    && feeds.get("commodities").has("lastRefresh")
                    && feeds.get("stocks").has("lastRefresh");
        });

        JsonNode commodities = http.json("/commodities");
        assertThat(commodities.get("source").asString()).isEqualTo("fallback");
        assertThat(commodities.get("stale").asBoolean()).isTrue();
        assertThat(commodities.get("data").size()).isEqualTo(8);

        for (String feed : new String[] {"fx", "indices", "crypto", "stocks"}) {
            ResponseEntity<String> r = http.get("/" + feed);
            assertThat(r.getStatusCode().value()).as(feed).isEqualTo(503);
            assertThat(Http.header(r, "Retry-After")).as(feed).matches("\\d+");
            assertThat(Http.parse(r.getBody()).get("error").asString()).isEqualTo("not_ready");
        }
        JsonNode readiness = Http.parse(http.get("/actuator/health/readiness").getBody());
        assertThat(readiness.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
        assertThat(readiness
                        .get("components")
                        .get("feeds")
                        .get("details")
                        .get("notReady")
                        .toString())
                .contains("fx", "indices", "crypto", "stocks")
                .doesNotContain("commodities");
        JsonNode fx =
                http.json("/trace").get("feeds").get("fx").get("lastRefresh").get("providers");
        // Each failed try was counted before it left, so Twelve Data's retries can end on a full minute.
        assertThat(fx.get("twelvedata").get("outcome").asString()).isIn("transient", "circuit_open", "budget_denied");
        assertThat(fx.get("frankfurter").get("outcome").asString()).isIn("transient", "circuit_open");
    }
}
