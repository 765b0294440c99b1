package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quotegate.QuotegateApplication;
import io.quotegate.client.ClientDirectory;
import io.quotegate.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

/**
 * Two replicas in distributed mode ({@code quotegate.mode=distributed}) on the local Redis share one
 * count: requests per minute and open streams of a key are the same whichever replica is asked.
 * Skipped when no Redis answers at 127.0.0.1:6379.
 */
class SharedClientCountsIT {

    static final String PREFIX = "quotegate-it:" + UUID.randomUUID() + ":";
    static final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
    static final List<Http> http = new ArrayList<>();

    @BeforeAll
    static void startTwoReplicas() {
        RedisClient probe = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> c = probe.connect()) {
            c.sync().ping();
        } catch (RedisConnectionException e) {
            Assumptions.abort("Redis at 127.0.0.1:6379 is not running");
        } finally {
            probe.shutdown();
        }
        // Its own database and cluster name, as the other distributed tests: a machine without a
        // "quotegate" database (a fresh CI machine) must pass too.
        TestPostgres.createDatabase();
        String cluster = "qgit-clients-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 2; i++) {
            ConfigurableApplicationContext app = new SpringApplicationBuilder(QuotegateApplication.class)
                    .run(
                            "--server.port=0",
                            "--management.server.port=0",
                            "--quotegate.markets.always-open=true",
                            "--quotegate.mode=distributed",
                            "--spring.data.redis.url=redis://127.0.0.1:6379",
                            "--spring.datasource.url=" + TestPostgres.base() + TestPostgres.DATABASE,
                            "--spring.datasource.username=postgres",
                            "--quotegate.cluster.name=" + cluster,
                            "--quotegate.clients.key-prefix=" + PREFIX,
                            "--quotegate.schedule.unit=seconds",
                            "--quotegate.schedule.enabled=false",
                            "--quotegate.data-dir=" + System.getProperty("java.io.tmpdir") + "/quotegate-it/"
                                    + UUID.randomUUID(),
                            "--quotegate.clients.tiers.shared.requests-per-minute=4",
                            "--quotegate.clients.tiers.shared.max-streams=1",
                            "--quotegate.clients.keys[0].name=shared-team",
                            "--quotegate.clients.keys[0].sha256=" + ClientDirectory.sha256("shared-key"),
                            "--quotegate.clients.keys[0].tier=shared");
            replicas.add(app);
            http.add(new Http(((WebServerApplicationContext) app).getWebServer().getPort()));
        }
        for (Http h : http) {
            await().atMost(Duration.ofSeconds(75))
                    .until(() -> h.get("/fx").getStatusCode().value() == 200);
        }
    }

    @AfterAll
    static void stop() {
        replicas.forEach(ConfigurableApplicationContext::close);
        RedisClient redis = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> c = redis.connect()) {
            List<String> keys = c.sync().keys(PREFIX + "*");
            if (!keys.isEmpty()) {
                c.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            redis.shutdown();
        }
    }

    @Test
    void twoReplicasShareOneRequestCountAndOneStreamCount() {
        Map<String, String> key = Map.of("X-API-Key", "shared-key");
        assertThat(http.get(0).get("/fx", key).getStatusCode().value()).isEqualTo(200);
        assertThat(http.get(1).get("/fx", key).getStatusCode().value()).isEqualTo(200);
        assertThat(http.get(0).get("/fx", key).getStatusCode().value()).isEqualTo(200);
        var fourth = http.get(1).get("/fx", key);
        assertThat(fourth.getStatusCode().value()).isEqualTo(200);
        assertThat(Http.header(fourth, "RateLimit")).startsWith("\"default\";r=0;");
        var over = http.get(0).get("/fx", key);
        assertThat(over.getStatusCode().value())
                .as("the fifth request, on the other replica")
                .isEqualTo(429);
        assertThat(Http.header(over, "Retry-After")).isNotNull();

        // A stream on replica 0 takes the one place; replica 1 refuses a second (after the bucket refills).
        List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        Disposable stream = http.get(0)
                .client
                .get()
                .uri("/fx/stream?api_key=shared-key")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .filter(e -> e.event() != null)
                .retryWhen(Retry.fixedDelay(20, Duration.ofSeconds(2))) // until the shared bucket has a token again
                .subscribe(e -> events.add(e.event()));
        try {
            await().atMost(Duration.ofSeconds(40)).until(() -> events.contains("snapshot"));
            await().atMost(Duration.ofSeconds(40)).until(() -> {
                var r = http.get(1).get("/usage", key);
                return Http.parse(r.getBody())
                                .get("limits")
                                .get("max-streams")
                                .get("used")
                                .asInt()
                        == 1;
            });
            await().atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        var r = http.get(1)
                                .client
                                .get()
                                .uri("/fx/stream?api_key=shared-key")
                                .exchangeToMono(x -> x.toEntity(String.class))
                                .block(Duration.ofSeconds(20));
                        return r.getStatusCode().value() == 429 && r.getBody().contains("too_many_streams");
                    });
        } finally {
            stream.dispose();
        }
    }
}
