package io.quotegate.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.cache.SnapshotStore;
import io.quotegate.config.QuotegateProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;

@Configuration(proxyBeanMethods = false)
class StreamConfiguration {

    @Bean
    Broadcaster broadcaster(
            QuotegateProperties properties, SnapshotStore store, Scheduler quotegateScheduler, MeterRegistry meters) {
        return new Broadcaster(
                properties.feeds().keySet(), store, properties.stream().heartbeat(), quotegateScheduler, meters);
    }
}
