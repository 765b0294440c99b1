package io.quotegate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.model.Priority;
import io.quotegate.provider.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counters whose labels are known at start exist at 0 before the first event, so rate() and alerts see them. */
class UpstreamMetricsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void everyProviderOfEveryChainHasEveryOutcomeAndSkipReasonAtZeroFromTheStart() {
        FeedCatalog feeds = new FeedCatalog(List.of(
                new Feed(
                        "fx",
                        List.of("EUR/USD"),
                        List.of(0, 30),
                        Duration.ofMinutes(30),
                        List.of("twelvedata", "frankfurter"),
                        Priority.CRITICAL),
                new Feed(
                        "crypto",
                        List.of("BTC/USD"),
                        List.of(20, 50),
                        Duration.ofMinutes(30),
                        List.of("binance"),
                        Priority.NORMAL)));

        new UpstreamMetrics(meters).registerAll(feeds);

        assertThat(meters.find("quotegate.upstream.requests")
                        .tag("provider", "frankfurter")
                        .tag("feed", "fx")
                        .counters())
                .hasSize(UpstreamMetrics.REQUEST_OUTCOMES.size())
                .allMatch(c -> c.count() == 0);
        assertThat(meters.find("quotegate.upstream.requests")
                        .tag("outcome", Outcome.BANNED.label())
                        .counters())
                .hasSize(3);
        assertThat(meters.find("quotegate.upstream.skipped")
                        .tag("reason", "budget_denied")
                        .counters())
                .extracting(c -> c.getId().getTag("provider") + "/" + c.getId().getTag("feed"))
                .containsExactlyInAnyOrder("twelvedata/fx", "frankfurter/fx", "binance/crypto");
        assertThat(meters.find("quotegate.refreshes").tag("feed", "crypto").counters())
                .extracting(c -> c.getId().getTag("result"))
                .containsExactlyInAnyOrder("new version", "unchanged", "stands", "nothing", "timed out");
        assertThat(meters.find("quotegate.quotes.outdated").counters())
                .hasSize(3)
                .allMatch(c -> c.count() == 0);
        assertThat(meters.find("quotegate.upstream.requests")
                        .tag("outcome", "circuit_open")
                        .counters())
                .as("a decision not to call is a skip, not a request")
                .isEmpty();
        assertThat(meters.getMeters()).allMatch(m -> !(m instanceof Counter c) || c.count() == 0);
    }
}
