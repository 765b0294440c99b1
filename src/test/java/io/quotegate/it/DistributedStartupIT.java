package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Distributed mode at its edges: a malformed URL fails the start naming its key; a Redis that is not
 * there at start leaves the replica running but not ready, spending nothing, until it appears; a Redis
 * lost mid-run stops no feed and crosses no limit, and the replicas agree again once it is back; a Redis
 * restarted without its data lowers no count (re-seeded from PostgreSQL).
 */
class DistributedStartupIT {

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

    static Map<String, Object> live(String redisUrl) {
        return live(FAKE, redisUrl);
    }

    /** The live profile in seconds mode on the fakes of {@code fake}, with the shared Redis at {@code redisUrl}. */
    static Map<String, Object> live(FakeUpstream fake, String redisUrl) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.profiles.active", "live");
        p.put("quotegate.schedule.unit", "seconds");
        p.put("spring.data.redis.url", redisUrl);
        p.putAll(LiveProviders.properties(fake));
        return p;
    }

    @Test
    void aMalformedUrlFailsTheStartNamingTheKey() {
        try (Replicas cluster = new Replicas(live("redis://127.0.0.1:6379"))) {
            assertThatThrownBy(
                            () -> cluster.start("bad-redis", Map.of("spring.data.redis.url", "http//127.0.0.1:6379")))
                    .hasStackTraceContaining("spring.data.redis.url");
            assertThatThrownBy(() ->
                            cluster.start("bad-jdbc", Map.of("spring.datasource.url", "jdbc:mysql://127.0.0.1/x")))
                    .hasStackTraceContaining("spring.datasource.url");
        }
    }

    @Test
    void aReplicaWithoutRedisIsNotReadyAndSpendsNothingUntilRedisAppears() throws Exception {
        try (OwnRedis redis = new OwnRedis();
                Replicas cluster = new Replicas(live(redis.url()))) {
            FAKE.forget();
            ConfigurableApplicationContext replica = cluster.start("a", Map.of());
            Http http = new Http(Replicas.port(replica));
            Thread.sleep(3_000);

            var readiness = http.get("/actuator/health/readiness");
            assertThat(readiness.getStatusCode().value()).isEqualTo(503);
            JsonNode cluster503 =
                    Http.parse(readiness.getBody()).get("components").get("cluster");
            assertThat(cluster503.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
            assertThat(cluster503.get("details").get("down").toString()).contains("Redis at 127.0.0.1:" + redis.port);
            assertThat(FAKE.calls()).as("upstream calls without Redis").isEmpty();

            redis.start();
            await().atMost(Duration.ofSeconds(40))
                    .until(() -> http.get("/actuator/health/readiness")
                                    .getStatusCode()
                                    .value()
                            == 200);
            assertThat(FAKE.calls()).isNotEmpty();
        }
    }

    @Test
    void aReplicaWithoutPostgresqlIsNotReadyNamesItAndSpendsNothing() throws Exception {
        try (Replicas cluster = new Replicas(live("redis://127.0.0.1:6379"))) {
            FAKE.forget();
            ConfigurableApplicationContext replica =
                    cluster.start("a", Map.of("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/quotegate_test"));
            Http http = new Http(Replicas.port(replica));
            Thread.sleep(4_000);

            var readiness = http.get("/actuator/health/readiness");
            assertThat(readiness.getStatusCode().value()).isEqualTo(503);
            JsonNode component =
                    Http.parse(readiness.getBody()).get("components").get("cluster");
            assertThat(component.get("status").asString()).isEqualTo("OUT_OF_SERVICE");
            assertThat(component.get("details").get("down").toString())
                    .contains("PostgreSQL at jdbc:postgresql://127.0.0.1:1/");
            assertThat(FAKE.calls()).as("upstream calls without PostgreSQL").isEmpty();
            assertThat(http.get("/actuator/health/liveness").getStatusCode().value())
                    .isEqualTo(200);
        }
    }

    @Test
    void losingRedisMidRunStopsNoFeedAndCrossesNoLimit() throws Exception {
        try (OwnRedis redis = new OwnRedis();
                Replicas cluster = new Replicas(live(redis.url()))) {
            redis.start();
            ConfigurableApplicationContext a = cluster.start("a", Map.of());
            ConfigurableApplicationContext b = cluster.start("b", Map.of());
            Http ha = new Http(Replicas.port(a));
            Http hb = new Http(Replicas.port(b));
            for (Http h : List.of(ha, hb)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> h.get("/actuator/health/readiness")
                                        .getStatusCode()
                                        .value()
                                == 200);
            }
            Thread.sleep(2_000);
            Instant lost = Instant.now();
            Map<String, Long> before = versions(ha, hb);

            redis.kill();
            Thread.sleep(32_000); // every feed passes at least one slot without Redis
            for (Http h : List.of(ha, hb)) {
                for (String f : FEEDS) {
                    assertThat(h.get("/" + f).getStatusCode().value())
                            .as(f + " served while Redis is away")
                            .isEqualTo(200);
                }
            }
            Map<String, Long> during = versions(ha, hb);
            assertThat(during).as("feeds refreshed while Redis was away").isNotEqualTo(before);
            assertThat(FAKE.calls().stream()
                            .filter(c -> c.overLimit() && !SCALE.toReal(c.at()).isBefore(lost)))
                    .as("over-limit answers while Redis was away")
                    .isEmpty();

            redis.start();
            // Back: the replicas share again, so both serve the same version of every feed after its next slot.
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                for (String f : FEEDS) {
                    long va = ha.json("/" + f).get("version").asLong();
                    long vb = hb.json("/" + f).get("version").asLong();
                    assertThat(va).as(f + " on both replicas").isEqualTo(vb).isGreaterThan(during.get(f));
                }
            });
            assertThat(FAKE.calls().stream()
                            .filter(c -> c.overLimit() && !SCALE.toReal(c.at()).isBefore(lost)))
                    .as("over-limit answers after Redis came back")
                    .isEmpty();
        }
    }

    @Test
    void redisRestartedWithoutItsDataLosesNoCount() throws Exception {
        try (OwnRedis redis = new OwnRedis();
                Replicas cluster = new Replicas(live(redis.url()))) {
            redis.start();
            ConfigurableApplicationContext a = cluster.start("a", Map.of());
            ConfigurableApplicationContext b = cluster.start("b", Map.of());
            Http ha = new Http(Replicas.port(a));
            Http hb = new Http(Replicas.port(b));
            for (Http h : List.of(ha, hb)) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> h.get("/actuator/health/readiness")
                                        .getStatusCode()
                                        .value()
                                == 200);
            }
            Thread.sleep(6_000); // a few slots: the counts are written behind to PostgreSQL meanwhile
            Map<String, Long> before = new LinkedHashMap<>();
            for (Http h : List.of(ha, hb)) {
                LedgerCounts.of(h).forEach((k, v) -> before.merge(k, v, Math::max));
            }
            Map<String, Long> versions = versions(ha, hb);
            Instant restarted = Instant.now();

            redis.kill();
            redis.start(); // empty: nothing is persisted

            // Every count any replica shows from here on is at least what it was: the first replica to notice
            // re-seeds Redis from PostgreSQL, the others decide within their safety share until it has.
            List<Map<String, Long>> seen = new java.util.ArrayList<>();
            await().atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> {
                        for (Http h : List.of(ha, hb)) {
                            seen.add(LedgerCounts.of(h));
                        }
                        for (String f : FEEDS) {
                            long va = ha.json("/" + f).get("version").asLong();
                            long vb = hb.json("/" + f).get("version").asLong();
                            assertThat(va)
                                    .as(f + " on both replicas")
                                    .isEqualTo(vb)
                                    .isGreaterThan(versions.get(f));
                        }
                    });
            for (Map<String, Long> counts : seen) {
                assertThat(LedgerCounts.drops(before, counts))
                        .as("counts lower after Redis restarted empty than before")
                        .isEmpty();
            }
            assertThat(a.getBean(io.quotegate.budget.Ledger.class).recentDecisions())
                    .extracting(io.quotegate.budget.DecisionRecord::decision)
                    .contains("reseeded");
            assertThat(FAKE.calls().stream()
                            .filter(c -> c.overLimit() && !SCALE.toReal(c.at()).isBefore(restarted)))
                    .as("over-limit answers since Redis restarted empty")
                    .isEmpty();

            // Everything restarts at once (pods rescheduled): no replica remembers a count, Redis is empty again, and
            // the counts come back from PostgreSQL alone, written behind at most a second late.
            Map<String, Long> last = new LinkedHashMap<>();
            for (Http h : List.of(ha, hb)) {
                LedgerCounts.of(h).forEach((k, v) -> last.merge(k, v, Math::max));
            }
            Thread.sleep(1_500); // the write-behind
            cluster.stop(a);
            cluster.stop(b);
            redis.kill();
            redis.start();
            Http hc = new Http(Replicas.port(cluster.start("c", Map.of())));
            await().atMost(Duration.ofSeconds(60))
                    .until(() ->
                            hc.get("/actuator/health/readiness").getStatusCode().value() == 200);
            Map<String, Long> cold = new LinkedHashMap<>();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                cold.putAll(LedgerCounts.of(hc));
                assertThat(cold)
                        .as("counts a fresh replica shows after a cold restart")
                        .containsKeys(last.keySet().stream()
                                .filter(k -> last.get(k) > 0)
                                .toArray(String[]::new));
            });
            assertThat(LedgerCounts.drops(last, cold))
                    .as("counts lower after every replica and Redis restarted than before")
                    .isEmpty();
        }
    }

    /** The highest version of each feed over the replicas. */
    private static Map<String, Long> versions(Http... replicas) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String f : FEEDS) {
            for (Http h : replicas) {
                out.merge(f, h.json("/" + f).get("version").asLong(), Math::max);
            }
        }
        return out;
    }
}
