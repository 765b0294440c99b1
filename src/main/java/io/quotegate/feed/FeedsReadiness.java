package io.quotegate.feed;

import io.quotegate.cache.SnapshotStore;
import io.quotegate.provider.ProviderRegistry;
import java.util.List;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Ready once every feed that can be served has a snapshot; otherwise out of service, naming the feeds
 * that are not ready. A feed with no enabled provider at all (for example no API key for the only one
 * in its chain) can never become ready, so readiness does not wait for it; it is listed as unavailable.
 */
public final class FeedsReadiness implements HealthIndicator {

    private final FeedCatalog feeds;
    private final SnapshotStore store;
    private final ProviderRegistry providers;

    FeedsReadiness(FeedCatalog feeds, SnapshotStore store, ProviderRegistry providers) {
        this.feeds = feeds;
        this.store = store;
        this.providers = providers;
    }

    public List<String> notReady() {
        return feeds.all().stream()
                .filter(this::servable)
                .map(Feed::name)
                .filter(f -> store.latest(f).isEmpty())
                .toList();
    }

    public List<String> unavailable() {
        return feeds.all().stream().filter(f -> !servable(f)).map(Feed::name).toList();
    }

    private boolean servable(Feed feed) {
        return feed.chain().stream().anyMatch(providers::isEnabled);
    }

    @Override
    public Health health() {
        List<String> missing = notReady();
        Health.Builder health = missing.isEmpty()
                ? Health.up().withDetail("feeds", feeds.names())
                : Health.outOfService().withDetail("notReady", missing);
        List<String> unavailable = unavailable();
        return unavailable.isEmpty()
                ? health.build()
                : health.withDetail("unavailable", unavailable).build();
    }
}
