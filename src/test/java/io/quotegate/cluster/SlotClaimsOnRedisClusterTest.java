package io.quotegate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.quotegate.cluster.SlotClaims.Outcome;
import io.quotegate.testing.OwnRedisCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The slot claims' scripts run unchanged on a Redis Cluster of three masters: both keys of a claim share a tag. */
class SlotClaimsOnRedisClusterTest {

    @Test
    void shouldClaimRenewFinishAndTakeOverSlotsOnAThreeMasterCluster() throws Exception {
        Instant slot = Instant.parse("2025-03-14T15:30:00Z");
        try (OwnRedisCluster cluster = new OwnRedisCluster()) {
            RedisClusterClient client = RedisClusterClient.create(List.of(RedisURI.create(cluster.uri(0))));
            try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
                SlotClaims a = new SlotClaims(
                        () -> c.async(),
                        "qgtest",
                        () -> {},
                        e -> {
                            throw new AssertionError("Redis refused a call", e);
                        },
                        "a",
                        Duration.ofSeconds(30));
                SlotClaims b =
                        new SlotClaims(() -> c.async(), "qgtest", () -> {}, e -> {}, "b", Duration.ofSeconds(30));
                for (String feed : List.of("fx", "indices", "crypto", "commodities")) {
                    assertThat(a.claim(feed, slot).outcome()).as(feed).isEqualTo(Outcome.CLAIMED);
                    assertThat(a.renew(feed, slot)).isTrue();
                    assertThat(b.claim(feed, slot).outcome()).isEqualTo(Outcome.HELD);
                    c.sync().del("{qgtest:slot:" + feed + "}:" + slot.toEpochMilli() + ":lease");
                    assertThat(b.claim(feed, slot)).isEqualTo(new SlotClaims.Claim(Outcome.RECOVERED, "a"));
                    b.done(feed, slot);
                    assertThat(a.peek(feed, slot)).isEqualTo(new SlotClaims.Claim(Outcome.DONE, "b"));
                }
            } finally {
                client.shutdown();
            }
        }
    }
}
