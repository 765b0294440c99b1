package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Priority;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch an adapter splits further (Kraken: by the length of its query) is fetched part by part. */
class AdapterSplitTest {

    private static final List<String> CRYPTO = List.of("BTC/USD", "ETH/USD", "SOL/USD");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("crypto", Priority.CRITICAL, CRYPTO, "kraken"))
            .provider(budget("kraken", "per-call", 60, null, null))
            .build();
    private final FakeAdapter kraken = rig.adapter("kraken");

    @Test
    void eachPartTheAdapterSplitsOffIsOneCall() {
        kraken.splitting(batch -> List.of(batch.subList(0, 2), batch.subList(2, batch.size())));

        var snapshot = rig.refreshNow("crypto").orElseThrow();

        assertThat(kraken.calls()).containsExactly(List.of("BTC/USD", "ETH/USD"), List.of("SOL/USD"));
        assertThat(snapshot.snapshot().data()).hasSize(3);
    }
}
