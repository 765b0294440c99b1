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
        Broadcaster broadcaster = new Broadcaster(
                properties.feeds().keySet(), store, properties.stream().heartbeat(), quotegateScheduler, meters);
        // The one route of new versions to the streams: the store announces every version, whether this
        // replica refreshed it or another one did.
        store.onVersion(broadcaster::publish);
        return broadcaster;
    }
}
