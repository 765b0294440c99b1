package io.quotegate.schedule;

import io.quotegate.cluster.Database;
import io.quotegate.cluster.Heartbeat;
import io.quotegate.config.ClusterProperties;
import io.quotegate.config.QuotegateProperties;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.Refresher;
import io.quotegate.feed.SpareRefresh;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.TimeScale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ScheduleConfiguration {

    @Bean
    TimeScale timeScale(QuotegateProperties properties) {
        return TimeScale.of(properties.schedule().unit());
    }

    @Bean
    SlotSchedule slotSchedule(QuotegateProperties properties) {
        return new SlotSchedule(
                properties.schedule().unit(), properties.schedule().zone());
    }

    /** Switched off only by tests that drive refreshes by hand. */
    @Bean
    @ConditionalOnProperty(name = "quotegate.schedule.enabled", havingValue = "true", matchIfMissing = true)
    QuartzScheduling quartzScheduling(
            FeedCatalog feeds,
            Refresher refresher,
            SpareRefresh spare,
            SlotSchedule schedule,
            ClusterProperties cluster,
            ObjectProvider<Database> database,
            ObjectProvider<Heartbeat> heartbeat) {
        Database db = database.getIfAvailable();
        Heartbeat beat = heartbeat.getIfAvailable();
        // Distributed: the clustered JDBC store on the cluster's PostgreSQL. Embedded: the RAM store.
        return db == null || beat == null
                ? new QuartzScheduling(feeds, refresher, spare, schedule)
                : new QuartzScheduling(
                        feeds,
                        refresher,
                        spare,
                        schedule,
                        new QuartzScheduling.ClusterStore(cluster.cluster().name(), beat.instance(), db.dataSource()));
    }
}
