package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The chaos run (issue 19), one command: {@code bench/chaos.sh}. Three replicas, each in a JVM of its own, on the
 * fake providers in seconds mode, on Redis behind Sentinel (a primary, a replica, three Sentinels, all this run's own
 * processes) and on PostgreSQL through a proxy that can cut it off, go through five faults one after another:
 *
 * <ol>
 *   <li>Redis restarted without its data (the primary killed and started again empty, before the Sentinels act);</li>
 *   <li>a Sentinel fail-over (the primary killed and left down until the replica is promoted);</li>
 *   <li>PostgreSQL lost for a minute (every connection cut, new ones refused);</li>
 *   <li>a replica SIGKILLed mid-slot (it claimed the slot and its call is held by a slow network);</li>
 *   <li>a call delayed across a minute's edge (fx's retry, reserved in the last half second of a minute, reaches
 *       Twelve Data in the next minute, where commodities' slot spends too).</li>
 * </ol>
 *
 * For each it prints the over-limit answers the fakes gave, the slots no replica fetched, the slots fetched twice,
 * the largest drop of any day or month count a replica showed, and the seconds from the end of the fault until
 * every replica served the same version of every feed; and fails unless the first four are all zero.
 *
 * <p>Not part of the suite (it takes about six minutes): it runs only with {@code -Dquotegate.chaos=true}.
 * {@code -Dquotegate.chaos.edge-guard=0ms} runs it with Twelve Data's edge guard switched off, to see fault 5 bite.
 */
@EnabledIfSystemProperty(named = "quotegate.chaos", matches = "true")
class ChaosIT {

    static final TimeScale SCALE = TimeScale.of(SlotUnit.SECONDS);
    static final List<String> FEEDS = List.of("fx", "indices", "crypto", "commodities");
    /** Commodities follow fx by one (compressed) minute on Twelve Data, so a late fx call can land beside them. */
    static final Map<String, List<Integer>> SLOTS = Map.of(
            "fx", List.of(0, 30), "indices", List.of(5, 35), "crypto", List.of(20, 50), "commodities", List.of(1, 31));

    static final SlotSchedule SCHEDULE = new SlotSchedule(SlotUnit.SECONDS, ZoneOffset.UTC);
    static final Duration SETTLE = Duration.ofSeconds(25);

    /** The fake providers: made by the run itself, so a suite that skips it starts nothing. */
    private FakeUpstream fake;

    /** One fault: when it began, when it was over (the system's part starts there), when its window closes. */
    record Fault(String name, Instant start, Instant end, Instant until) {}

    /** One round of the sampler: every live replica's versions and ledger counts, at one moment. */
    record Round(Instant at, Map<String, Map<String, Long>> versions, Map<String, Map<String, Long>> counts) {}

    private final List<Round> rounds = new CopyOnWriteArrayList<>();
    private final Map<String, Replicas.External> live = new ConcurrentHashMap<>();
    private final List<String> notes = new CopyOnWriteArrayList<>();
    private volatile boolean sampling = true;

    @Test
    void fiveFaultsCrossNoLimitLoseNoSlotRunNoneTwiceAndDropNoCount() throws Exception {
        fake = new FakeUpstream(SCALE.model(Clock.systemUTC()), Clock.systemUTC());
        fake.limit("twelvedata", 8, 800);
        fake.limit("binance", 6000, 0);
        try (FakeUpstream upstream = fake;
                OwnSentinels redis = new OwnSentinels(3000);
                TcpProxy network = new TcpProxy("127.0.0.1", ClusterRig.fakePort(fake));
                TcpProxy postgres = new TcpProxy("127.0.0.1", 5432);
                Replicas cluster = new Replicas(properties(redis, network, postgres))) {
            RedisClient sentinelClient = RedisClient.create(
                    RedisURI.create("redis-sentinel://" + redis.nodes() + "#" + OwnSentinels.MASTER));
            try (StatefulRedisConnection<String, String> claims = sentinelClient.connect()) {
                for (String name : List.of("a", "b", "c")) {
                    live.put(name, cluster.startProcess(name));
                }
                for (Replicas.External r : live.values()) {
                    awaitReady(r);
                }
                Thread sampler = new Thread(this::sample, "chaos-sampler");
                sampler.setDaemon(true);
                sampler.start();
                Thread.sleep(15_000);

                List<Fault> faults = new ArrayList<>();
                faults.add(redisRestartedEmpty(redis));
                faults.add(sentinelFailover(redis));
                faults.add(postgresqlLost(postgres));
                faults.add(replicaKilledMidSlot(cluster, network, sentinelClient));
                faults.add(callDelayedAcrossAMinutesEdge(network));
                sampling = false;
                report(faults);
            } finally {
                sentinelClient.shutdown();
            }
        }
    }

    private Map<String, Object> properties(OwnSentinels redis, TcpProxy network, TcpProxy postgres) {
        Map<String, Object> p = ClusterRig.live(fake, network);
        p.put("spring.data.redis.sentinel.master", OwnSentinels.MASTER);
        p.put("spring.data.redis.sentinel.nodes", redis.nodes());
        p.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + TestPostgres.DATABASE);
        p.put("quotegate.feeds.fx.symbols", "EUR/USD,GBP/USD,USD/JPY,USD/CHF");
        p.put("quotegate.feeds.commodities.slots", "1,31");
        p.put("quotegate.feeds.commodities.symbols", "XAU/USD,XAG/USD,XPT/USD,WTI/USD,BRENT/USD");
        String guard = System.getProperty("quotegate.chaos.edge-guard");
        if (guard != null && !guard.isBlank()) {
            p.put("quotegate.providers.twelvedata.edge-guard", guard);
        }
        return p;
    }

    // --- the faults ---------------------------------------------------------------------------------------------

    private Fault redisRestartedEmpty(OwnSentinels redis) throws Exception {
        Instant start = Instant.now();
        OwnRedis primary = redis.current(redis.primaryPort());
        primary.kill();
        primary.start(); // at once, empty: back before the Sentinels count it as down (3 s)
        Instant end = Instant.now();
        notes.add("1: the primary was back, empty, "
                + Duration.between(start, end).toMillis() + " ms after the kill");
        Thread.sleep(SETTLE.toMillis());
        return new Fault("Redis restarted empty", start, end, Instant.now());
    }

    private Fault sentinelFailover(OwnSentinels redis) throws Exception {
        Instant start = Instant.now();
        int before = redis.primaryPort();
        OwnRedis old = redis.current(before);
        old.kill();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> redis.primaryPort() != before);
        Instant end = Instant.now();
        int now = redis.primaryPort();
        notes.add("2: the Sentinels promoted the replica "
                + Duration.between(start, end).toMillis() + " ms after the primary was killed");
        old.start("--replicaof", "127.0.0.1", Integer.toString(now)); // back as the new primary's replica
        Thread.sleep(SETTLE.toMillis());
        return new Fault("Sentinel fail-over", start, end, Instant.now());
    }

    private Fault postgresqlLost(TcpProxy postgres) throws Exception {
        Instant start = Instant.now();
        postgres.cut();
        Thread.sleep(60_000);
        postgres.restore();
        Instant end = Instant.now();
        Thread.sleep(SETTLE.toMillis());
        return new Fault("PostgreSQL lost for a minute", start, end, Instant.now());
    }

    private Fault replicaKilledMidSlot(Replicas cluster, TcpProxy network, RedisClient sentinelClient)
            throws Exception {
        Map<String, String> instances = new LinkedHashMap<>();
        for (var e : live.entrySet()) {
            instances.put(instanceOf(e.getValue()), e.getKey());
        }
        network.delay(Duration.ofMillis(1500), Duration.ZERO);
        Instant start = Instant.now();
        ClusterRig.Claimed claimed;
        String victim;
        try (StatefulRedisConnection<String, String> redis = sentinelClient.connect()) {
            Object[] found = awaitAnyClaim(redis, cluster.cluster, instances.keySet(), Duration.ofSeconds(60));
            claimed = (ClusterRig.Claimed) found[0];
            victim = instances.get((String) found[1]);
            Replicas.External dead = live.remove(victim);
            dead.kill();
            Instant end = Instant.now();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> String.valueOf(redis.sync().get(claimed.key())).startsWith("done "));
            notes.add("4: replica " + victim + " killed "
                    + Duration.between(claimed.slot(), end).toMillis()
                    + " ms into the " + claimed.feed() + " slot at " + claimed.slot() + "; the claim now says '"
                    + redis.sync().get(claimed.key()) + "'");
            network.delay(Duration.ZERO, Duration.ZERO);
            Replicas.External back = cluster.startProcess(victim);
            awaitReady(back);
            live.put(victim, back);
            Thread.sleep(SETTLE.toMillis());
            return new Fault("replica SIGKILLed mid-slot", start, end, Instant.now());
        }
    }

    private Fault callDelayedAcrossAMinutesEdge(TcpProxy network) throws Exception {
        Instant slot = SCHEDULE.next(SLOTS.get("fx"), Instant.now().plusSeconds(3));
        sleepUntil(slot.minusMillis(400));
        Instant start = Instant.now();
        // fx's first try is answered 500 after 550 ms; its retry, reserved about 600 ms into the minute, is held
        // 500 ms on the way and reaches Twelve Data in the next minute, where commodities' slot spends.
        fake.fault("twelvedata", FakeUpstream.Fault.JSON_500);
        network.delay(Duration.ZERO, Duration.ofMillis(550));
        await().atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> fake.calls("twelvedata").stream()
                        .anyMatch(
                                c -> c.status() == 500 && !SCALE.toReal(c.at()).isBefore(slot)));
        fake.clearFaults();
        network.delay(Duration.ofMillis(500), Duration.ZERO);
        sleepUntil(slot.plusSeconds(3));
        network.delay(Duration.ZERO, Duration.ZERO);
        Instant end = Instant.now();
        List<String> arrivals = fake.calls("twelvedata").stream()
                .filter(c -> !SCALE.toReal(c.at()).isBefore(slot)
                        && SCALE.toReal(c.at()).isBefore(slot.plusSeconds(3)))
                .map(c -> ClusterRig.feedOfSymbols(c.symbols()) + " " + c.credits() + " credits, status "
                        + c.status() + (c.overLimit() ? " OVER LIMIT" : "") + ", at +"
                        + Duration.between(slot, SCALE.toReal(c.at())).toMillis() + " ms")
                .toList();
        notes.add("5: Twelve Data calls from the fx slot at " + slot + " (a minute is 1,000 ms): " + arrivals);
        Thread.sleep(15_000);
        return new Fault("call delayed across a minute's edge", start, end, Instant.now());
    }

    // --- measuring ----------------------------------------------------------------------------------------------

    private void report(List<Fault> faults) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(
                "%-38s %6s %10s %10s %10s %13s %17s",
                "fault", "slots", "over-limit", "slots lost", "run twice", "largest drop", "same version (s)"));
        long bad = 0;
        for (Fault f : faults) {
            long overLimit = fake.calls().stream()
                    .filter(c -> c.overLimit() && inside(SCALE.toReal(c.at()), f.start(), f.until()))
                    .count();
            int[] slots = slots(f);
            long drop = largestDrop(f);
            String agree = secondsUntilSameVersion(f);
            lines.add(String.format(
                    "%-38s %6d %10d %10d %10d %13d %17s",
                    f.name(), slots[2], overLimit, slots[0], slots[1], drop, agree));
            bad += overLimit + slots[0] + slots[1] + drop;
        }
        lines.add("");
        lines.addAll(notes);
        String table = String.join("\n", lines);
        System.out.println("\nChaos run (three replicas, seconds mode):\n" + table + "\n");
        Files.writeString(Path.of("target", "chaos.txt"), table + "\n");
        assertThat(bad)
                .as("over-limit answers, slots lost or run twice, count drops:\n" + table)
                .isZero();
    }

    /**
     * Slots of the fault's window nobody fetched, slots fetched more than once (from a slot to the feed's next), and how
     * many slots the window had.
     */
    private int[] slots(Fault f) {
        int lost = 0;
        int twice = 0;
        int all = 0;
        for (String feed : FEEDS) {
            List<Instant> calls = fake.calls().stream()
                    .filter(c -> c.status() == 200
                            && !c.overLimit()
                            && ClusterRig.feedOf(c).equals(feed))
                    .map(c -> SCALE.toReal(c.at()))
                    .toList();
            for (Instant s = SCHEDULE.next(SLOTS.get(feed), f.start().minusMillis(1));
                    s.isBefore(f.until().minusSeconds(3));
                    s = SCHEDULE.next(SLOTS.get(feed), s)) {
                Instant slot = s;
                Instant next = SCHEDULE.next(SLOTS.get(feed), s);
                long n = calls.stream()
                        .filter(t -> !t.isBefore(slot) && t.isBefore(next))
                        .count();
                all++;
                if (n == 0) {
                    lost++;
                    System.out.println("chaos: " + feed + " slot " + slot + " was not fetched (" + f.name() + ")");
                } else if (n > 1) {
                    twice++;
                    System.out.println(
                            "chaos: " + feed + " slot " + slot + " was fetched " + n + " times (" + f.name() + ")");
                }
            }
        }
        return new int[] {lost, twice, all};
    }

    /** The most any window count a replica showed during the fault's window fell below what any showed before it. */
    private long largestDrop(Fault f) {
        Map<String, Long> before = new LinkedHashMap<>();
        for (Round r : rounds) {
            if (r.at().isBefore(f.start())) {
                r.counts().values().forEach(c -> c.forEach((k, v) -> before.merge(k, v, Math::max)));
            }
        }
        long most = 0;
        for (Round r : rounds) {
            if (inside(r.at(), f.start(), f.until())) {
                for (var c : r.counts().entrySet()) {
                    long drop = LedgerCounts.largestDrop(before, c.getValue());
                    if (drop > 0) {
                        System.out.println("chaos: " + f.name() + ": at " + r.at() + " replica " + c.getKey()
                                + " showed " + LedgerCounts.drops(before, c.getValue()));
                    }
                    most = Math.max(most, drop);
                }
            }
        }
        return most;
    }

    /** Seconds from the fault's end to the first round in which every replica served the same versions. */
    private String secondsUntilSameVersion(Fault f) {
        for (Round r : rounds) {
            if (r.at().isBefore(f.end())
                    || !r.at().isBefore(f.until())
                    || r.versions().size() < 2) {
                continue;
            }
            if (r.versions().values().stream().distinct().count() == 1) {
                return String.format("%.1f", Duration.between(f.end(), r.at()).toMillis() / 1000.0);
            }
        }
        return "never";
    }

    private static boolean inside(Instant t, Instant from, Instant until) {
        return !t.isBefore(from) && t.isBefore(until);
    }

    private void sample() {
        Map<String, Http> clients = new ConcurrentHashMap<>();
        while (sampling) {
            Instant at = Instant.now();
            Map<String, Map<String, Long>> versions = new LinkedHashMap<>();
            Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
            for (var e : Map.copyOf(live).entrySet()) {
                Http http = clients.computeIfAbsent(
                        e.getKey() + e.getValue().port(),
                        k -> new Http(e.getValue().port()));
                try {
                    Map<String, Long> v = new LinkedHashMap<>();
                    for (String feed : FEEDS) {
                        v.put(feed, http.json("/" + feed).get("version").asLong());
                    }
                    counts.put(e.getKey(), LedgerCounts.of(http));
                    versions.put(e.getKey(), v);
                } catch (RuntimeException | AssertionError gone) {
                    // a replica being killed or not ready yet
                }
            }
            rounds.add(new Round(at, versions, counts));
            try {
                Thread.sleep(250);
            } catch (InterruptedException ie) {
                return;
            }
        }
    }

    private static void awaitReady(Replicas.External r) {
        Http h = new Http(r.port());
        await().atMost(Duration.ofSeconds(120))
                .ignoreExceptions()
                .until(() -> h.get("/actuator/health/readiness").getStatusCode().value() == 200
                        && FEEDS.stream()
                                .allMatch(f -> h.get("/" + f).getStatusCode().value() == 200));
    }

    private static String instanceOf(Replicas.External r) {
        return Http.parse(new Http(r.port()).get("/actuator/health/readiness").getBody())
                .get("components")
                .get("cluster")
                .get("details")
                .get("instance")
                .asString();
    }

    /** Waits for a slot claimed by one of {@code instances}; returns the claim and the instance that holds it. */
    private static Object[] awaitAnyClaim(
            StatefulRedisConnection<String, String> redis,
            String cluster,
            java.util.Set<String> instances,
            Duration within)
            throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (Instant.now().isBefore(until)) {
            Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            for (String feed : FEEDS) {
                if (SLOTS.get(feed).contains(second.atZone(ZoneOffset.UTC).getSecond())) {
                    String key = "{" + cluster + ":slot:" + feed + "}:" + second.toEpochMilli();
                    String state = redis.sync().get(key);
                    if (state != null && state.startsWith("run ") && instances.contains(state.substring(4))) {
                        return new Object[] {new ClusterRig.Claimed(key, feed, second), state.substring(4)};
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no replica claimed a slot within " + within);
    }

    private static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
