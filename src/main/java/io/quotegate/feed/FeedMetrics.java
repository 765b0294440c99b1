package io.quotegate.feed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.cache.SnapshotStore;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.Configuration;

/**
 * Per-feed gauges the dashboard and the alert rules compare: the TTL a snapshot's age is held against
 * ({@code quotegate_snapshot_ttl_seconds}, real seconds like the age), and the version each replica serves
 * ({@code quotegate_snapshot_version}, so replicas serving different versions show), and whether the
 * feed's markets are open ({@code quotegate_market_open}: a closed market's feed is not stale).
 */
@Configuration(proxyBeanMethods = false)
class FeedMetrics implements InitializingBean {

    private final FeedCatalog feeds;
    private final SnapshotStore store;
    private final MeterRegistry meters;

    FeedMetrics(FeedCatalog feeds, SnapshotStore store, MeterRegistry meters) {
        this.feeds = feeds;
        this.store = store;
        this.meters = meters;
    }

    @Override
    public void afterPropertiesSet() {
        for (Feed feed : feeds.all()) {
            double ttl = feed.ttl().toMillis() / 1000.0;
            Gauge.builder("quotegate.snapshot.ttl.seconds", () -> ttl)
                    .description("How long a snapshot of the feed counts as fresh")
                    .tag("feed", feed.name())
                    .register(meters);
            Gauge.builder(
                            "quotegate.snapshot.version",
                            store,
                            s -> s.latest(feed.name())
                                    .map(snap -> (double) snap.version())
                                    .orElse(Double.NaN))
                    .description("The version of the feed's snapshot this replica serves")
                    .tag("feed", feed.name())
                    .register(meters);
            Gauge.builder(
                            "quotegate.market.open",
                            store,
                            s -> s.latest(feed.name())
                                    .map(snap -> snap.marketOpen() ? 1.0 : 0.0)
                                    .orElse(Double.NaN))
                    .description("1 while any market of the feed's symbols is open, 0 while all are closed")
                    .tag("feed", feed.name())
                    .register(meters);
        }
    }
}
