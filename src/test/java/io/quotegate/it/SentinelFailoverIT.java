package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Redis behind Sentinel, with real processes on loopback (a primary, a replica, three {@code redis-sentinel}s): two
 * replicas of the service, one configured with Spring Boot's {@code spring.data.redis.sentinel.*} keys and one with a
 * {@code redis-sentinel://} URL, run while the primary is killed (SIGKILL) and the Sentinels promote the replica. No
 * window is crossed, no count goes down, and neither replica is stuck: both serve newer versions, the same ones.
 */
class SentinelFailoverIT {

    static final TimeScale SCALE = TimeScale.of(SlotUnit.SECONDS);
    static final FakeUpstream FAKE = new FakeUpstream(SCALE.model(Clock.systemUTC()), Clock.systemUTC());
    static final List<String> FEEDS = List.of("fx", "indices", "crypto", "commodities");

    static {
        FAKE.limit("twelvedata", 8, 800);
        FAKE.limit("binance", 6000, 0);
    }

    @AfterAll
    static void stopFake() throws Exception {
        FAKE.close();
    }

    @Test
    void aFailoverLosesNoCountCrossesNoLimitAndStrandsNoReplica() throws Exception {
        try (OwnSentinels redis = new OwnSentinels()) {
            Map<String, Object> live = DistributedStartupIT.live(FAKE, "redis://127.0.0.1:1");
            live.put("spring.data.redis.sentinel.master", OwnSentinels.MASTER);
            live.put("spring.data.redis.sentinel.nodes", redis.nodes());
            try (Replicas cluster = new Replicas(live)) {
                ConfigurableApplicationContext a = cluster.start("a", Map.of());
                ConfigurableApplicationContext b = cluster.start(
                        "b",
                        Map.of(
                                "spring.data.redis.sentinel.master",
                                "",
                                "spring.data.redis.url",
                                "redis-sentinel://" + redis.nodes() + "#" + OwnSentinels.MASTER));
                List<Http> replicas = List.of(new Http(Replicas.port(a)), new Http(Replicas.port(b)));
                for (Http h : replicas) {
                    await().atMost(Duration.ofSeconds(60))
                            .until(() -> h.get("/actuator/health/readiness")
                                            .getStatusCode()
                                            .value()
                                    == 200);
                }
                Thread.sleep(6_000);
                Map<String, Long> before = highest(replicas);
                Map<String, Long> versions = versions(replicas);
                int primary = redis.primaryPort();
                Instant killed = Instant.now();

                redis.primary.kill();
                await().atMost(Duration.ofSeconds(30)).until(() -> redis.primaryPort() != primary);
                System.out.println("SentinelFailoverIT: the Sentinels promoted the replica after "
                        + Duration.between(killed, Instant.now()).toMillis() + " ms");

                // Neither replica is stuck: both serve newer versions of every feed, the same ones.
                List<Map<String, Long>> seen = new ArrayList<>();
                await().atMost(Duration.ofSeconds(45))
                        .pollInterval(Duration.ofMillis(200))
                        .untilAsserted(() -> {
                            Map<String, Long> va = versions(List.of(replicas.get(0)));
                            Map<String, Long> vb = versions(List.of(replicas.get(1)));
                            for (Http h : replicas) {
                                seen.add(LedgerCounts.of(h));
                            }
                            for (String f : FEEDS) {
                                assertThat(va.get(f))
                                        .as(f + " on both replicas")
                                        .isEqualTo(vb.get(f));
                                assertThat(va.get(f)).as(f + " moved on").isGreaterThan(versions.get(f));
                            }
                        });
                System.out.println("SentinelFailoverIT: every replica serves the same newer versions "
                        + Duration.between(killed, Instant.now()).toMillis() + " ms after the kill");
                for (Map<String, Long> counts : seen) {
                    assertThat(LedgerCounts.drops(before, counts))
                            .as("counts lower after the fail-over than before it")
                            .isEmpty();
                }
                for (Http h : replicas) {
                    var readiness = h.get("/actuator/health/readiness");
                    assertThat(readiness.getStatusCode().value()).isEqualTo(200);
                    assertThat(readiness.getBody()).doesNotContain("degraded");
                }
                assertThat(FAKE.calls().stream()
                                .filter(c ->
                                        c.overLimit() && !SCALE.toReal(c.at()).isBefore(killed)))
                        .as("over-limit answers since the primary was killed")
                        .isEmpty();
            }
        }
    }

    /** The highest count of each window over the replicas. */
    private static Map<String, Long> highest(List<Http> replicas) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Http h : replicas) {
            LedgerCounts.of(h).forEach((k, v) -> out.merge(k, v, Math::max));
        }
        return out;
    }

    private static Map<String, Long> versions(List<Http> replicas) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String f : FEEDS) {
            for (Http h : replicas) {
                out.merge(f, h.json("/" + f).get("version").asLong(), Math::max);
            }
        }
        return out;
    }
}
