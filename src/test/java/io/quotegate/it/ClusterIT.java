package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quotegate.budget.DecisionRecord;
import io.quotegate.budget.Ledger;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

/**
 * Three replicas in distributed mode (one Redis, one PostgreSQL) on the live profile against local
 * fake providers, in seconds mode. The fakes enforce their limits on the same compressed clock as the
 * service (a fake minute is one real second), so "no over-limit answer" means no limit was crossed.
 *
 * <p>One run, four acts: two replicas warm up and serve (the first in a JVM of its own); a third starts late and
 * serves at once from Redis without calling anyone; the first is killed (SIGKILL) mid-slot, after claiming a slot
 * and while its call is still on the way (held by a slow network), and another replica runs that slot within its
 * grace, saying so on /trace; then PostgreSQL is cut off for half a (compressed) hour, and the slots go on firing
 * from each replica's own schedule, claimed in Redis, until the clustered scheduler takes over again. Throughout,
 * every slot of every feed is fetched exactly once for the cluster, and all replicas serve the same version within
 * a second.
 */
class ClusterIT {

    static final TimeScale SCALE = TimeScale.of(SlotUnit.SECONDS);
    static final Clock MODEL = SCALE.model(Clock.systemUTC());
    static final FakeUpstream FAKE = new FakeUpstream(MODEL, Clock.systemUTC());
    static final List<String> FEEDS = List.of("fx", "indices", "crypto", "commodities");
    static final Map<String, List<Integer>> SLOTS = Map.of(
            "fx", List.of(0, 30), "indices", List.of(5, 35), "crypto", List.of(20, 50), "commodities", List.of(10, 40));
    static final SlotSchedule SCHEDULE = new SlotSchedule(SlotUnit.SECONDS, ZoneOffset.UTC);

    static {
        FAKE.limit("twelvedata", 8, 800);
        FAKE.limit("binance", 6000, 0);
    }

    @AfterAll
    static void stopFake() throws Exception {
        FAKE.close();
    }

    /** What each replica served, sampled: (feed, version) to the instant each replica first served it. */
    private final Map<String, Map<Long, Map<String, Instant>>> firstSeen = new ConcurrentHashMap<>();
    /** Each version's asOf: when it was made. */
    private final Map<String, Map<Long, Instant>> made = new ConcurrentHashMap<>();

    private final Map<String, Map<Long, Set<String>>> bodies = new ConcurrentHashMap<>();
    private final Map<String, List<Long>> sseUpdates = new ConcurrentHashMap<>();
    /** When the sampler first polled each replica: a version older than that says nothing about its delay there. */
    private final Map<String, Instant> sampledSince = new ConcurrentHashMap<>();

    @Test
    void threeReplicasSpendAndServeAsOne() throws Exception {
        try (TcpProxy network = new TcpProxy("127.0.0.1", ClusterRig.fakePort(FAKE));
                TcpProxy postgres = new TcpProxy("127.0.0.1", 5432);
                RedisClient redisClient = RedisClient.create(
                        System.getenv().getOrDefault("QUOTEGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
                StatefulRedisConnection<String, String> redis = redisClient.connect()) {
            Map<String, Object> live = ClusterRig.live(FAKE, network);
            live.put(
                    "spring.datasource.url",
                    "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + TestPostgres.DATABASE);
            try (Replicas cluster = new Replicas(live)) {
                run(cluster, network, postgres, redis);
            }
        }
    }

    private void run(
            Replicas cluster, TcpProxy network, TcpProxy postgres, StatefulRedisConnection<String, String> redis)
            throws Exception {
        // Replica a runs in a JVM of its own, so that act 3 can kill it (SIGKILL) like a crashed pod.
        Replicas.External a = cluster.startProcess("a");
        Map<String, Integer> alive = new ConcurrentHashMap<>();
        Http ha = new Http(a.port());
        await().atMost(Duration.ofSeconds(120))
                .ignoreExceptions()
                .until(() -> FEEDS.stream()
                        .allMatch(f -> ha.get("/" + f).getStatusCode().value() == 200));
        alive.put("a", a.port());
        ConfigurableApplicationContext b = cluster.start("b", Map.of());
        alive.put("b", Replicas.port(b));
        Http hb = new Http(Replicas.port(b));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> FEEDS.stream()
                        .allMatch(f -> hb.get("/" + f).getStatusCode().value() == 200));
        List<Disposable> streams = new ArrayList<>();
        alive.forEach((name, port) -> streams.add(subscribe(name, port)));
        Sampler sampler = new Sampler(alive);
        sampler.start();
        Instant observedFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);

        // Act 1: two replicas, over more than one slot of every feed.
        Thread.sleep(32_000);

        // Act 2: a late replica is ready at once from Redis, with no upstream call of its own.
        ConfigurableApplicationContext late = cluster.start("c", Map.of());
        Http c = new Http(Replicas.port(late));
        await().atMost(Duration.ofSeconds(3))
                .until(() -> "UP"
                        .equals(Http.parse(c.get("/actuator/health/readiness").getBody())
                                .get("status")
                                .asString()));
        for (String f : FEEDS) {
            assertThat(c.get("/" + f).getStatusCode().value())
                    .as("late replica serves " + f)
                    .isEqualTo(200);
        }
        assertThat(Replicas.upstreamRequests(late))
                .as("upstream calls of the late replica before it was ready")
                .isZero();
        alive.put("c", Replicas.port(late));
        streams.add(subscribe("c", Replicas.port(late)));
        Thread.sleep(31_000);

        // Act 3: replica a dies mid-slot: it has claimed a slot and its call is on the way (the network holds every
        // request 1.5 s), and it is killed (SIGKILL) before the call gets through. Another replica runs the slot.
        String instanceOfA = Http.parse(ha.get("/actuator/health/readiness").getBody())
                .get("components")
                .get("cluster")
                .get("details")
                .get("instance")
                .asString();
        network.delay(Duration.ofMillis(1500), Duration.ZERO);
        ClusterRig.Claimed claimed = awaitClaimBy(redis, cluster.cluster, instanceOfA, Duration.ofSeconds(60));
        sampler.forget("a");
        alive.remove("a");
        a.kill();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> String.valueOf(redis.sync().get(claimed.key())).startsWith("done "));
        network.delay(Duration.ZERO, Duration.ZERO);
        List<String> purposes = new ArrayList<>();
        for (Http h : List.of(hb, c)) {
            JsonNode last =
                    h.json("/actuator/trace").get("feeds").get(claimed.feed()).get("lastRefresh");
            purposes.add(last == null ? "none" : last.get("purpose").asString());
        }
        assertThat(purposes)
                .as("the last refresh of " + claimed.feed() + " on the survivors, after a died mid-slot "
                        + claimed.slot())
                .contains("recovered");
        assertThat(String.valueOf(redis.sync().get(claimed.key())))
                .as("the slot's claim names the survivor that ran it")
                .doesNotContain(instanceOfA);
        List<DecisionRecord> recovered = b.getBean(Ledger.class).recentDecisions().stream()
                .filter(d -> d.purpose().equals("recovered"))
                .toList();
        assertThat(recovered)
                .as("spends of the recovered slot in the shared log")
                .isNotEmpty();
        assertThat(recovered).allMatch(d -> d.feed().equals(claimed.feed()));
        Thread.sleep(8_000);

        // Act 4: PostgreSQL is cut off for half a (compressed) hour: the clustered scheduler cannot fire, each
        // replica's own schedule does, and each slot's claim in Redis picks one replica. The replicas stay ready.
        postgres.cut();
        Thread.sleep(15_000);
        for (Http h : List.of(hb, c)) {
            ResponseEntity<String> r = h.get("/actuator/health/readiness");
            assertThat(r.getStatusCode().value())
                    .as("ready while PostgreSQL is lost")
                    .isEqualTo(200);
            assertThat(r.getBody()).contains("degraded").contains("PostgreSQL");
        }
        Thread.sleep(16_000);
        postgres.restore();
        Thread.sleep(10_000);
        Instant observedTo = Instant.now().minusSeconds(2);

        sampler.stopSampling();
        streams.forEach(Disposable::dispose);
        List<DecisionRecord> decisions = b.getBean(Ledger.class).recentDecisions();

        assertEverySlotFetchedOnce(observedFrom, observedTo);
        assertOneVersionPerSlot(claimed);
        assertThat(FAKE.calls().stream()
                        .filter(x -> x.overLimit() && !SCALE.toReal(x.at()).isBefore(observedFrom)))
                .as("over-limit answers from the fakes once warm")
                .isEmpty();
        // Per (compressed) minute at the fake, once warm.
        assertThat(FAKE.calls("twelvedata").stream()
                        .filter(x -> x.status() == 200 && !SCALE.toReal(x.at()).isBefore(observedFrom))
                        .collect(Collectors.groupingBy(
                                x -> x.at().truncatedTo(ChronoUnit.MINUTES),
                                Collectors.summingInt(FakeUpstream.Call::credits)))
                        .values())
                .as("twelvedata credits per minute at the fake")
                .allMatch(n -> n <= 8);
        assertThat(decisions.stream()
                        .filter(d -> d.provider().equals("twelvedata")
                                && d.decision().equals("granted"))
                        .collect(Collectors.groupingBy(
                                d -> d.at().truncatedTo(ChronoUnit.SECONDS),
                                Collectors.summingInt(DecisionRecord::credits)))
                        .values())
                .as("twelvedata credits granted per minute by the shared ledger")
                .isNotEmpty()
                .allMatch(n -> n <= 8);
        assertSameVersionWithinOneSecond();
        for (String replica : List.of("a", "b", "c")) {
            assertThat(sseUpdates.getOrDefault(replica, List.of()))
                    .as("SSE updates received on replica " + replica)
                    .isNotEmpty();
        }
    }

    /** Waits for a slot claimed (and not yet done) by the replica {@code instance}, and returns it. */
    private static ClusterRig.Claimed awaitClaimBy(
            StatefulRedisConnection<String, String> redis, String cluster, String instance, Duration within)
            throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (Instant.now().isBefore(until)) {
            Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (String feed : FEEDS) {
                if (SLOTS.get(feed).contains(second.atZone(ZoneOffset.UTC).getSecond())) {
                    String key = "{" + cluster + ":slot:" + feed + "}:" + second.toEpochMilli();
                    if (("run " + instance).equals(redis.sync().get(key))) {
                        return new ClusterRig.Claimed(key, feed, second);
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("replica " + instance + " claimed no slot within " + within);
    }

    /** Every slot of every feed in the window was fetched exactly once (calls from the slot to the feed's next one). */
    private void assertEverySlotFetchedOnce(Instant from, Instant to) {
        Map<String, List<Instant>> byFeed = new TreeMap<>();
        for (FakeUpstream.Call call : FAKE.calls()) {
            if (call.status() != 200 || call.overLimit()) {
                continue;
            }
            byFeed.computeIfAbsent(ClusterRig.feedOf(call), f -> new ArrayList<>())
                    .add(SCALE.toReal(call.at()));
        }
        System.out.println("ClusterIT calls per feed (real time): " + byFeed);
        for (String feed : FEEDS) {
            List<Instant> calls = byFeed.getOrDefault(feed, List.of());
            for (Instant slot = SCHEDULE.next(SLOTS.get(feed), from.minusMillis(1));
                    slot.isBefore(to);
                    slot = SCHEDULE.next(SLOTS.get(feed), slot)) {
                Instant s = slot;
                Instant next = SCHEDULE.next(SLOTS.get(feed), slot);
                assertThat(calls.stream().filter(t -> !t.isBefore(s) && t.isBefore(next)))
                        .as(feed + " slot at " + slot + ": fetched once for the cluster")
                        .hasSize(1);
            }
        }
    }

    /** The slot of the replica that died produced exactly one version, made after the slot and before the next. */
    private void assertOneVersionPerSlot(ClusterRig.Claimed slot) {
        Instant next = SCHEDULE.next(SLOTS.get(slot.feed()), slot.slot());
        assertThat(made.getOrDefault(slot.feed(), Map.of()).entrySet().stream()
                        .filter(e -> !e.getValue().isBefore(slot.slot())
                                && e.getValue().isBefore(next))
                        .map(Map.Entry::getKey))
                .as("versions of " + slot.feed() + " made for the slot at " + slot.slot())
                .hasSize(1);
    }

    private void assertSameVersionWithinOneSecond() {
        int compared = 0;
        List<Long> spreads = new ArrayList<>();
        for (var feed : firstSeen.entrySet()) {
            for (var version : feed.getValue().entrySet()) {
                Map<String, Instant> all = version.getValue();
                Instant born = Collections.min(all.values());
                Map<String, Instant> seen = new java.util.HashMap<>(all);
                seen.keySet().removeIf(r -> sampledSince.get(r).isAfter(born.minusMillis(200)));
                seen.put(
                        all.entrySet().stream()
                                .filter(x -> x.getValue().equals(born))
                                .findFirst()
                                .orElseThrow()
                                .getKey(),
                        born);
                if (seen.size() < 2) {
                    continue;
                }
                Instant earliest = Collections.min(seen.values());
                Instant latest = Collections.max(seen.values());
                spreads.add(Duration.between(earliest, latest).toMillis());
                assertThat(Duration.between(earliest, latest))
                        .as(feed.getKey() + " v" + version.getKey() + " served by " + seen)
                        .isLessThanOrEqualTo(Duration.ofSeconds(1));
                compared++;
            }
        }
        Collections.sort(spreads);
        if (!spreads.isEmpty()) {
            System.out.println("ClusterIT: a version reached every replica within (ms, sampled every 100 ms): p50 "
                    + spreads.get(spreads.size() / 2) + ", max " + spreads.get(spreads.size() - 1) + " over "
                    + spreads.size() + " versions");
        }
        for (var feed : bodies.entrySet()) {
            feed.getValue()
                    .forEach((v, b) -> assertThat(b)
                            .as(feed.getKey() + " v" + v + ": one body on every replica")
                            .hasSize(1));
        }
        assertThat(compared).as("versions seen on several replicas").isGreaterThanOrEqualTo(6);
    }

    private Disposable subscribe(String replica, int port) {
        Http http = new Http(port);
        List<Long> ids = sseUpdates.computeIfAbsent(replica, r -> new CopyOnWriteArrayList<>());
        return http.client
                .get()
                .uri("/fx/stream")
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .filter(e -> "update".equals(e.event()))
                .subscribe(e -> ids.add(Long.parseLong(e.id())), e -> {});
    }

    /** Polls every feed on every live replica and notes when each first served each version. */
    private final class Sampler extends Thread {
        private final Map<String, Integer> replicas;
        private final Set<String> gone = ConcurrentHashMap.newKeySet();
        private volatile boolean stopped;

        Sampler(Map<String, Integer> replicas) {
            super("cluster-it-sampler");
            setDaemon(true);
            this.replicas = replicas;
        }

        void forget(String replica) {
            gone.add(replica);
        }

        @Override
        public void run() {
            Map<String, Http> clients = new ConcurrentHashMap<>();
            while (!stopped) {
                for (var e : Map.copyOf(replicas).entrySet()) {
                    if (gone.contains(e.getKey())) {
                        continue;
                    }
                    Http http = clients.computeIfAbsent(e.getKey(), k -> new Http(e.getValue()));
                    sampledSince.putIfAbsent(e.getKey(), Instant.now());
                    for (String feed : FEEDS) {
                        try {
                            ResponseEntity<String> r = http.get("/" + feed);
                            if (r.getStatusCode().value() != 200 || gone.contains(e.getKey())) {
                                continue;
                            }
                            JsonNode body = Http.parse(r.getBody());
                            long v = body.get("version").asLong();
                            firstSeen
                                    .computeIfAbsent(feed, f -> new ConcurrentHashMap<>())
                                    .computeIfAbsent(v, x -> new ConcurrentHashMap<>())
                                    .putIfAbsent(e.getKey(), Instant.now());
                            made.computeIfAbsent(feed, f -> new ConcurrentHashMap<>())
                                    .putIfAbsent(
                                            v, Instant.parse(body.get("asOf").asString()));
                            // A reading with stale quotes ("fx-42-stale-<mask>") may differ by the instant it was read.
                            if (!Http.header(r, "ETag").contains("-stale")) {
                                bodies.computeIfAbsent(feed, f -> new ConcurrentHashMap<>())
                                        .computeIfAbsent(v, x -> ConcurrentHashMap.newKeySet())
                                        .add(r.getBody());
                            }
                        } catch (RuntimeException ignored) {
                            // a replica being stopped
                        }
                    }
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }

        void stopSampling() {
            stopped = true;
        }
    }
}
