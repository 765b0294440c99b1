package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.normal;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import io.quotegate.testing.OwnRedisCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ledger's script runs unchanged on a Redis Cluster of three masters on loopback: every key one call touches
 * shares the provider's hash tag {@code {<cluster>:<provider>}}, so no call is refused as CROSSSLOT, and the
 * providers' keys spread over the masters. Every operation is tried, on every provider.
 */
class LedgerScriptOnRedisClusterTest {

    private static final List<String> PROVIDERS =
            List.of("twelvedata", "marketstack", "binance", "coingecko", "frankfurter", "demo");

    @Test
    void shouldRunEveryOperationOfTheScriptOnAThreeMasterCluster() throws Exception {
        MutableClock clock = MutableClock.at("2025-03-14T15:09:59.800Z"); // within the edge guard of the minute
        TimeScale scale = TimeScale.of(SlotUnit.MINUTES);
        String prefix = "qgtest";
        try (OwnRedisCluster cluster = new OwnRedisCluster()) {
            RedisClusterClient client = RedisClusterClient.create(List.of(RedisURI.create(cluster.uri(0))));
            try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
                LedgerScript script = new LedgerScript(() -> c.async(), prefix, scale, 200, () -> {}, e -> {
                    throw new AssertionError("Redis refused a call", e);
                });
                Map<String, Budget> budgets = new java.util.HashMap<>();
                for (String p : PROVIDERS) {
                    budgets.put(
                            p,
                            new Budget(
                                    p,
                                    CostModel.parse("per-symbol"),
                                    Map.of(Window.MINUTE, 8, Window.DAY, 800),
                                    Duration.ofMillis(500)));
                }
                Reseed reseed = new Reseed(
                        script,
                        null,
                        Reseed.Lock.ALWAYS,
                        new SafetyShare(scale, () -> 1, 200),
                        budgets,
                        scale,
                        scale.model(clock),
                        Duration.ZERO);
                script.reseedWith(reseed::request);
                Map<Integer, List<String>> byMaster = new TreeMap<>();
                for (String p : PROVIDERS) {
                    int slot = SlotHash.getSlot("{" + prefix + ":" + p + "}");
                    byMaster.computeIfAbsent(
                                    c.getPartitions()
                                            .getPartitionBySlot(slot)
                                            .getUri()
                                            .getPort(),
                                    x -> new ArrayList<>())
                            .add(p);
                    everyOperation(script, budgets.get(p), clock.instant());
                }
                System.out.println("Ledger keys of each provider by Redis Cluster master (port): " + byMaster);
                assertThat(byMaster).as("masters holding some provider's keys").hasSizeGreaterThanOrEqualTo(2);
            } finally {
                client.shutdown();
            }
        }
    }

    private static void everyOperation(LedgerScript script, Budget budget, Instant now) throws Exception {
        String p = budget.provider();
        List<String> reserve = LedgerScript.reserveArgs(normal(p, "fx", 5), budget, Thresholds.defaults(), Shares.NONE);
        assertThat(answer(script, budget, now, "reserve", reserve)).as(p).startsWith("granted");
        assertThat(answer(script, budget, now, "reserve", reserve)).as(p).startsWith("wait");
        assertThat(answer(script, budget, now, "sync", List.of("6", "-1", "-1")))
                .startsWith("ok");
        assertThat(answer(script, budget, now, "hold", List.of("8"))).startsWith("ok");
        assertThat(answer(script, budget, now, "raise", List.of("-1", "40", "-1")))
                .startsWith("ok");
        Map<Window, List<Instant>> counted = new EnumMap<>(Window.class);
        for (Window w : Window.values()) {
            counted.put(w, List.of(Windows.start(w, now), Windows.end(w, now)));
        }
        assertThat(answer(
                        script,
                        budget,
                        now,
                        "add",
                        LedgerScript.addArgs(List.of(new SafetyShare.Offline(normal(p, "fx", 1), counted)), now)))
                .startsWith("ok");
        assertThat(answer(script, budget, now, "check", List.of())).startsWith("ok");
        assertThat(answer(script, budget, now, "log", List.of("1", "denied", "a test")))
                .startsWith("ok");
        assertThat(answer(
                        script, budget, now, "ban", List.of(now.plusSeconds(60).toString(), "60000")))
                .startsWith("ok");
        assertThat(answer(script, budget, now, "reserve", reserve)).startsWith("denied");
        List<?> usage = script.call(p, budget, now, "usage", "-", "-", List.of())
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        Map<String, Long> day = LedgerScript.hash((List<?>) usage.get(1 + Window.DAY.ordinal()));
        Map<String, Long> nextMinute = LedgerScript.hash((List<?>) usage.get(4));
        assertThat(day).as(p + " day").containsEntry("_t", 41L);
        assertThat(nextMinute.get("_t")).as(p + " next minute (edge guard)").isEqualTo(6L);
    }

    private static String answer(LedgerScript script, Budget budget, Instant now, String op, List<String> args)
            throws Exception {
        List<?> r = script.call(budget.provider(), budget, now, op, "fx", "slot", args)
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        return String.valueOf(r.get(0));
    }
}
