package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.publisher.Flux;

/**
 * Client load never reaches a provider: after the warm-up, a thousand concurrent reads (plain,
 * narrowed and conditional) add zero upstream calls. Slots are switched off so that the only
 * upstream calls are the ones this test can account for.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=", // the actuator on the test port: ITs read /trace and /actuator/prometheus there
            "quotegate.schedule.unit=seconds",
            "quotegate.markets.always-open=true",
            "quotegate.schedule.enabled=false",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class ClientLoadIT {

    static final List<String> PATHS = List.of(
            "/fx",
            "/indices",
            "/crypto",
            "/commodities",
            "/stocks",
            "/fx?symbols=EUR/USD",
            "/crypto?symbols=BTC/USD,ETH/USD");

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void aThousandConcurrentGetsAddZeroProviderCalls() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "UP"
                        .equals(Http.parse(
                                        http.get("/actuator/health/readiness").getBody())
                                .get("status")
                                .asString()));
        double before = upstreamCalls();
        assertThat(before).as("the warm-up made calls").isPositive();
        String etag = Http.header(http.get("/fx"), "ETag");

        List<Integer> statuses = Flux.range(0, 1000)
                .flatMap(
                        i -> http.client
                                .get()
                                .uri(PATHS.get(i % PATHS.size()))
                                .headers(h -> {
                                    if (i % 10 == 0) {
                                        h.setIfNoneMatch(etag);
                                    }
                                })
                                .exchangeToMono(r -> r.releaseBody()
                                        .thenReturn(r.statusCode().value())),
                        200)
                .collectList()
                .block(Duration.ofSeconds(60));

        assertThat(statuses).hasSize(1000).allMatch(s -> s == 200 || s == 304);
        assertThat(statuses).contains(304);
        assertThat(upstreamCalls()).isEqualTo(before);
        double hits = meters.find("quotegate.cache.reads").tag("result", "hit").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
        assertThat(hits).isGreaterThanOrEqualTo(1000);
    }

    private double upstreamCalls() {
        return meters.find("quotegate.upstream.requests").counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
