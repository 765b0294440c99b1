package io.quotegate.cache;

import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.cluster.RedisLink;
import io.quotegate.config.QuotegateProperties;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
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
    SnapshotStore snapshotStore(
            QuotegateProperties properties,
            TimeScale scale,
            Clock clock,
            JsonMapper json,
            CacheReads reads,
            ObjectProvider<StaleRule> staleRule,
            ObjectProvider<RedisLink> redis) {
        Map<String, Duration> ttl = new LinkedHashMap<>();
        properties.feeds().forEach((feed, f) -> ttl.put(feed, scale.toReal(f.ttl())));
        CaffeineSnapshotStore local =
                new CaffeineSnapshotStore(ttl, clock, json, reads, staleRule.getIfAvailable(() -> StaleRule.NONE));
        RedisLink link = redis.getIfAvailable();
        // Distributed mode: the local copy follows the versions every replica writes to Redis.
        return link == null ? local : new RedisSnapshotStore(local, link, ttl, clock, json);
    }
}
