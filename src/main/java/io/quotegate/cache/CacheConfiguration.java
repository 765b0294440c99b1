package io.quotegate.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.config.QuotegateProperties;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    @Bean
    CacheReads cacheReads(MeterRegistry meters) {
        return new CacheReads(meters);
    }

    @Bean
    SnapshotStore snapshotStore(QuotegateProperties properties, TimeScale scale, Clock clock, JsonMapper json, CacheReads reads) {
        Map<String, Duration> ttl = new LinkedHashMap<>();
        properties.feeds().forEach((feed, f) -> ttl.put(feed, scale.toReal(f.ttl())));
        return new CaffeineSnapshotStore(ttl, clock, json, reads);
    }
}
