package io.quotegate.schedule;

import io.quotegate.model.SlotSchedule;
import io.quotegate.model.TimeScale;
import io.quotegate.config.QuotegateProperties;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.Refresher;
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
        return new SlotSchedule(properties.schedule().unit(), properties.schedule().zone());
    }

    /** Switched off only by tests that drive refreshes by hand. */
    @Bean
    @ConditionalOnProperty(name = "quotegate.schedule.enabled", havingValue = "true", matchIfMissing = true)
    QuartzScheduling quartzScheduling(FeedCatalog feeds, Refresher refresher, SlotSchedule schedule) {
        return new QuartzScheduling(feeds, refresher, schedule);
    }
}
