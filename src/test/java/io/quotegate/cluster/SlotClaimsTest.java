package io.quotegate.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
import io.quotegate.cluster.SlotClaims.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A slot runs once for the cluster: one claim per feed and slot instant, taken over only when its lease lapsed. */
class SlotClaimsTest {

    private static final Instant SLOT = Instant.parse("2025-03-14T15:30:00Z");

    private final RedisLink link = new RedisLink(
                    RedisURI.create(System.getenv().getOrDefault("QUOTEGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379")),
                    "qgtest-" + UUID.randomUUID())
            .connectNow();
    private final SlotClaims a = new SlotClaims(link, "a", Duration.ofSeconds(30));
    private final SlotClaims b = new SlotClaims(link, "b", Duration.ofSeconds(30));

    @AfterEach
    void close() {
        link.close();
    }

    /** What a replica that died leaves behind once its lease ran out: the claim without its lease. */
    private void leaseLapses(String feed) {
        List<String> keys = link.text().sync().keys("{" + link.prefix() + ":slot:" + feed + "}:*:lease");
        assertThat(keys).hasSize(1);
        link.text().sync().del(keys.get(0));
    }

    @Test
    void shouldLetOneReplicaClaimASlot() {
        assertThat(a.claim("fx", SLOT).outcome()).isEqualTo(Outcome.CLAIMED);

        assertThat(b.claim("fx", SLOT)).isEqualTo(new SlotClaims.Claim(Outcome.HELD, "a"));
        assertThat(b.claim("fx", SLOT.plusSeconds(1800)).outcome()).isEqualTo(Outcome.CLAIMED);
        assertThat(b.claim("crypto", SLOT).outcome()).isEqualTo(Outcome.CLAIMED);
    }

    @Test
    void shouldNeverRunADoneSlotAgain() {
        a.claim("fx", SLOT);
        a.done("fx", SLOT);

        assertThat(b.claim("fx", SLOT)).isEqualTo(new SlotClaims.Claim(Outcome.DONE, "a"));
        assertThat(b.peek("fx", SLOT).outcome()).isEqualTo(Outcome.DONE);
    }

    @Test
    void shouldHandASlotOverOnlyOnceItsReplicaStoppedRenewing() {
        a.claim("fx", SLOT);
        assertThat(a.renew("fx", SLOT)).isTrue();
        assertThat(b.peek("fx", SLOT).outcome()).isEqualTo(Outcome.HELD);

        leaseLapses("fx");

        assertThat(b.peek("fx", SLOT)).isEqualTo(new SlotClaims.Claim(Outcome.LAPSED, "a"));
        assertThat(b.claim("fx", SLOT)).isEqualTo(new SlotClaims.Claim(Outcome.RECOVERED, "a"));
        assertThat(a.renew("fx", SLOT))
                .as("the dead replica's renewal, had it come back")
                .isFalse();
        assertThat(a.claim("fx", SLOT)).isEqualTo(new SlotClaims.Claim(Outcome.HELD, "b"));
    }

    @Test
    void shouldSayFreeWhenNobodyClaimedTheSlot() {
        assertThat(a.peek("fx", SLOT).outcome()).isEqualTo(Outcome.FREE);
        assertThat(b.claim("fx", SLOT).outcome()).isEqualTo(Outcome.CLAIMED);
    }

    @Test
    void shouldSayUnknownWithoutRedis() {
        RedisLink never = new RedisLink(RedisURI.create("redis://127.0.0.1:1"), "qgtest-" + UUID.randomUUID());
        try {
            assertThat(new SlotClaims(never, "a", Duration.ofSeconds(3))
                            .claim("fx", SLOT)
                            .outcome())
                    .isEqualTo(Outcome.UNKNOWN);
        } finally {
            never.close();
        }
    }
}
