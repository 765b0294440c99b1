package io.quotegate.feed;

import io.quotegate.cache.SnapshotStore;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** Ready once every feed has a snapshot; otherwise out of service, naming the feeds that are not ready. */
public final class FeedsReadiness implements HealthIndicator {

    private final FeedCatalog feeds;
    private final SnapshotStore store;

    FeedsReadiness(FeedCatalog feeds, SnapshotStore store) {
        this.feeds = feeds;
        this.store = store;
    }

    public List<String> notReady() {
        return feeds.names().stream().filter(f -> store.latest(f).isEmpty()).toList();
    }

    @Override
    public Health health() {
        List<String> missing = notReady();
        return missing.isEmpty()
                ? Health.up().withDetail("feeds", feeds.names()).build()
                : Health.outOfService().withDetail("notReady", missing).build();
    }
}
