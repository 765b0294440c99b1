package io.quotegate.provider.capitalcom;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.quotegate.cluster.ClusterLock;
import io.quotegate.cluster.RedisLink;
import io.quotegate.it.OwnRedis;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.RedisSessionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Distributed mode: three replicas, each with its own Redis connection and lease owner, on a redis-server of
 * this test's own (not the shared 6379), hold one Capital.com session between them.
 */
class CapitalComSharedSessionTest {

    private static final OwnRedis REDIS = new OwnRedis();
    private static final String QUOTE =
            "{\"marketDetails\":[{\"instrument\":{\"epic\":\"US500\"},\"snapshot\":{\"marketStatus\":\"TRADEABLE\","
                    + "\"updateTime\":\"2022-04-06T13:27:10.153\",\"bid\":4559.7,\"offer\":4560.3}}]}";

    private final CapitalComFixture capital = new CapitalComFixture();
    private final List<RedisLink> links = new ArrayList<>();
    private final String prefix = "qgtest-session-" + System.nanoTime();

    @BeforeAll
    static void startRedis() throws Exception {
        REDIS.start();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        REDIS.close();
    }

    @AfterEach
    void stop() {
        capital.close();
        links.forEach(RedisLink::close);
    }

    private CapitalComAdapter replica(String name) {
        RedisLink link = new RedisLink(RedisURI.create(REDIS.url()), prefix).connectNow();
        links.add(link);
        return capital.adapter(Map.of(), new RedisSessionStore(link, new ClusterLock(link, name), name));
    }

    private void answers(int n) {
        for (int i = 0; i < n; i++) {
            capital.queue("markets", CapitalComFixture.json(200, QUOTE));
        }
    }

    @Test
    void threeReplicasAskingAtOnceLogInOnce() {
        List<CapitalComAdapter> replicas = List.of(replica("a"), replica("b"), replica("c"));
        answers(3);

        List<ProviderResponse> served = Flux.fromIterable(replicas)
                .flatMap(r -> r.fetch(List.of("SPX")))
                .collectList()
                .block(CapitalComFixture.WAIT);

        assertThat(served).hasSize(3).allSatisfy(r -> assertThat(r.quotes()).containsOnlyKeys("SPX"));
        assertThat(capital.logins.get()).as("one session for the cluster").isEqualTo(1);
        assertThat(capital.requests("markets"))
                .allSatisfy(r -> assertThat(r.getHeaders().get("CST")).isEqualTo("cst-1"));
    }

    @Test
    void aSessionOneReplicaRenewsIsTheOneTheOthersUseNext() {
        CapitalComAdapter a = replica("a");
        CapitalComAdapter b = replica("b");
        answers(1);
        CapitalComFixture.served(a.fetch(List.of("SPX")));
        capital.queue("markets", CapitalComFixture.json(401, "{\"errorCode\":\"error.invalid.session.token\"}"));
        answers(2);

        CapitalComFixture.served(b.fetch(List.of("SPX")));
        CapitalComFixture.served(a.fetch(List.of("SPX")));

        assertThat(capital.logins.get()).isEqualTo(2);
        assertThat(capital.requests("markets").get(3).getHeaders().get("CST"))
                .as("a reads b's new session")
                .isEqualTo("cst-2");
    }

    @Test
    void onlyTheReplicaThatLoggedInKeepsTheSessionAlive() {
        CapitalComAdapter a = replica("a");
        CapitalComAdapter b = replica("b");
        answers(1);
        CapitalComFixture.served(a.fetch(List.of("SPX")));
        capital.clock.advance(CapitalComSession.PING_AFTER);

        b.session().keepAlive().block(CapitalComFixture.WAIT);
        assertThat(capital.requests("ping")).isEmpty();
        a.session().keepAlive().block(CapitalComFixture.WAIT);

        assertThat(capital.requests("ping")).hasSize(1);
    }
}
