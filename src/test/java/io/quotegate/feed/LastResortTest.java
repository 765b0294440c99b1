package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Configured last-resort values fill only symbols that never had a quote; real quotes are kept, stale. */
class LastResortTest {

    private static final List<String> METALS = List.of("XAU/USD", "XAG/USD");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("commodities", Priority.NORMAL, METALS, "twelvedata", "static"))
            .provider(budget("twelvedata", "per-symbol", 100, 800, null))
            .provider(budget("static", "per-call", null, null, null))
            .build();
    private final FakeAdapter twelvedata = rig.adapter("twelvedata");
    private final FakeAdapter fallback = rig.adapter("static").asLastResort();

    @Test
    void aColdFeedIsFilledByTheLastResort() {
        twelvedata.then(batch -> Mono.error(ProviderException.of(Outcome.AUTH_FAILED, "bad key")));

        CachedSnapshot v1 = rig.refreshNow("commodities").orElseThrow();

        assertThat(fallback.calls()).containsExactly(METALS);
        assertThat(v1.snapshot().data()).extracting(Quote::source).containsOnly("static");
    }

    @Test
    void aRealQuoteIsKeptStaleRatherThanReplacedByAConfiguredValue() {
        CachedSnapshot v1 = rig.refreshNow("commodities").orElseThrow();
        assertThat(v1.snapshot().data()).extracting(Quote::source).containsOnly("twelvedata");
        twelvedata.then(batch -> Mono.error(ProviderException.of(Outcome.AUTH_FAILED, "bad key")));

        CachedSnapshot v2 = rig.refreshNow("commodities").orElseThrow();

        assertThat(fallback.calls())
                .as("the last resort is not asked for symbols that have a real quote")
                .isEmpty();
        assertThat(v2.snapshot().data()).allSatisfy(q -> {
            assertThat(q.source()).isEqualTo("twelvedata");
            assertThat(q.stale()).isTrue();
        });
        assertThat(v2.snapshot().data())
                .extracting(Quote::asOf)
                .containsExactlyElementsOf(
                        v1.snapshot().data().stream().map(Quote::asOf).toList());
        assertThat(rig.outcome("commodities", "static").outcome()).isEqualTo(Verdict.Refresh.SKIPPED);
    }
}
