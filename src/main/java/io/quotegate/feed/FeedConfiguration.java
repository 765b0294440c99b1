package io.quotegate.feed;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.budget.Budgets;
import io.quotegate.budget.Ledger;
import io.quotegate.cache.SnapshotStore;
import io.quotegate.cluster.ClusterLock;
import io.quotegate.config.QuotegateProperties;
import io.quotegate.provider.ProviderCircuits;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.TimeScale;
import io.quotegate.stream.Broadcaster;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;

@Configuration(proxyBeanMethods = false)
class FeedConfiguration {

    /** The feeds; TTLs are divided by the time scale so they keep their meaning in seconds mode. */
    @Bean
    FeedCatalog feedCatalog(QuotegateProperties properties, TimeScale scale) {
        List<Feed> feeds = properties.feeds().entrySet().stream().map(e -> {
            var f = e.getValue();
            return new Feed(e.getKey(), f.symbols(), f.slots(), scale.toReal(f.ttl()), f.providers(), f.priority());
        }).toList();
        return new FeedCatalog(feeds);
    }

    @Bean
    Refresher refresher(FeedCatalog feeds, ProviderRegistry providers, Budgets budgets, Ledger ledger, ProviderCircuits circuits,
                        SnapshotStore store, Broadcaster broadcaster, SlotSchedule schedule, TimeScale scale, Clock clock,
                        Scheduler quotegateScheduler, MeterRegistry meters) {
        BatchCall calls = new BatchCall(ledger, circuits, meters, clock, scale, quotegateScheduler);
        Refresher refresher = new Refresher(feeds, providers, budgets.byProvider(), budgets.maxBatch(), ledger, calls,
                new Quarantine(scale.model(clock)), store, broadcaster, schedule, scale, clock, quotegateScheduler, meters)
                .startingVersionsAt(clock.instant().getEpochSecond());
        for (Feed feed : feeds.all()) {
            Gauge.builder("quotegate.snapshot.age.seconds", store, s -> s.latest(feed.name())
                            .map(snap -> (double) Duration.between(snap.asOf(), clock.instant()).toMillis() / 1000.0)
                            .orElse(Double.NaN))
                    .description("Seconds since the feed's current snapshot was assembled").tag("feed", feed.name())
                    .register(meters);
        }
        return refresher;
    }

    @Bean
    WarmUp warmUp(FeedCatalog feeds, Refresher refresher, SnapshotStore store, TimeScale scale, Scheduler quotegateScheduler,
                  ObjectProvider<ClusterLock> lock, Broadcaster broadcaster) {
        // Versions refreshed by another replica reach this one's SSE subscribers too.
        store.onArrival(broadcaster::publish);
        return new WarmUp(feeds, refresher, store, scale, quotegateScheduler, lock.getIfAvailable());
    }

    @Bean
    FeedsReadiness feedsHealthIndicator(FeedCatalog feeds, SnapshotStore store, ProviderRegistry providers) {
        return new FeedsReadiness(feeds, store, providers);
    }
}
