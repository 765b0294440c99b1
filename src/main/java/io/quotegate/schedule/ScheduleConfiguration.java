package io.quotegate.schedule;

import io.quotegate.cluster.Database;
import io.quotegate.cluster.Heartbeat;
import io.quotegate.cluster.SlotClaims;
import io.quotegate.config.ClusterProperties;
import io.quotegate.config.InvalidConfigurationException;
import io.quotegate.config.QuotegateProperties;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.Refresher;
import io.quotegate.feed.SpareRefresh;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
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
            TimeScale scale,
            Clock clock,
            ClusterProperties cluster,
            ObjectProvider<Database> database,
            ObjectProvider<Heartbeat> heartbeat,
            ObjectProvider<SlotClaims> claims) {
        Database db = database.getIfAvailable();
        Heartbeat beat = heartbeat.getIfAvailable();
        SlotClaims slotClaims = claims.getIfAvailable();
        // Distributed: the clustered JDBC store on the cluster's PostgreSQL, this replica's own schedule beside it,
        // and every slot claimed in Redis. Embedded: the RAM store.
        if (db == null || beat == null || slotClaims == null) {
            return new QuartzScheduling(feeds, refresher, spare, schedule);
        }
        Duration grace = slotGrace(cluster.cluster(), scale);
        SlotRunner runner = new SlotRunner(refresher, slotClaims);
        QuartzScheduling q = new QuartzScheduling(
                feeds,
                runner,
                spare,
                schedule,
                new QuartzScheduling.ClusterStore(cluster.cluster().name(), beat.instance(), db.dataSource()));
        return q.withLocalSlots(
                new LocalSlots(feeds, schedule, scale, clock, runner, slotClaims, () -> q.started() && db.up(), grace));
    }

    /**
     * {@code quotegate.cluster.slot-grace}, checked: a slot taken over from a replica that died is found one claim
     * lease after its replica's last renewal at the latest, so the grace must leave room for two leases.
     */
    static Duration slotGrace(ClusterProperties.Cluster cluster, TimeScale scale) {
        Duration grace = cluster.slotGrace();
        Duration real = scale.toReal(grace);
        Duration least = cluster.claimLease().multipliedBy(2);
        if (real.compareTo(least) <= 0) {
            throw new InvalidConfigurationException(
                    "quotegate.cluster.slot-grace",
                    grace + " (" + real + " in real time) leaves no room to take a slot over: a replica's claim lapses "
                            + cluster.claimLease() + " (three heartbeats) after it stopped renewing it; give more than "
                            + least + " in real time");
        }
        return grace;
    }
}
