package io.quotegate.client;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.config.QuotegateProperties;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;

/**
 * Client plans: in memory by default ({@code quotegate.mode} unset or {@code local}); in Redis with
 * {@code quotegate.mode=distributed}, so that the replicas share the buckets, the open streams and
 * the monthly counters.
 */
@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

    @Bean
    ClientDirectory clientDirectory(ClientProperties properties) {
        return new ClientDirectory(properties);
    }

    @Bean
    ClientMetrics clientMetrics(MeterRegistry meters, ClientProperties properties) {
        return new ClientMetrics(meters, properties.tiers().keySet());
    }

    @Bean
    ClientGate clientGate(ClientDirectory directory, RequestLimiter limiter, StreamRegistry streams, UsageCounters counters,
                          ClientMetrics metrics, Clock clock, ClientProperties properties, WarningRelay relay) {
        return new ClientGate(directory, limiter, streams, counters, metrics, clock, properties.warnAt(), relay);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${quotegate.mode:local}' != 'distributed'")
    static class Local {

        @Bean
        RequestLimiter localRequestLimiter(Clock clock) {
            return new LocalRequestLimiter(clock);
        }

        @Bean
        WarningRelay noWarningRelay() {
            return WarningRelay.NONE;
        }

        @Bean
        StreamRegistry localStreamRegistry() {
            return new LocalStreamRegistry();
        }

        /** Kept in {@code <data-dir>/client-usage.tsv}, flushed every 5 s and at shutdown. */
        @Bean(destroyMethod = "close")
        LocalUsageCounters localUsageCounters(QuotegateProperties quotegate, Scheduler quotegateScheduler) {
            return new LocalUsageCounters(quotegate.dataDir().resolve("client-usage.tsv"))
                    .flushEvery(Duration.ofSeconds(5), quotegateScheduler);
        }
    }

    /**
     * Distributed mode. MERGE NOTE: this opens its own Lettuce client on {@code spring.data.redis.url};
     * once the distributed branch's Spring Data Redis wiring is in, the client can be taken from its
     * LettuceConnectionFactory instead (same URL, same server).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "quotegate.mode", havingValue = "distributed")
    static class Distributed {

        @Bean(destroyMethod = "shutdown")
        RedisClient clientPlansRedisClient(@Value("${spring.data.redis.url:redis://127.0.0.1:6379}") String url) {
            return RedisClient.create(url);
        }

        @Bean(destroyMethod = "close")
        StatefulRedisConnection<String, String> clientPlansRedisConnection(RedisClient clientPlansRedisClient) {
            return clientPlansRedisClient.connect();
        }

        @Bean
        RequestLimiter redisRequestLimiter(RedisClient clientPlansRedisClient, ClientProperties properties, Clock clock) {
            return new RedisRequestLimiter(clientPlansRedisClient, properties.keyPrefix(), clock);
        }

        @Bean(destroyMethod = "close")
        StreamRegistry redisStreamRegistry(StatefulRedisConnection<String, String> clientPlansRedisConnection,
                                           ClientProperties properties, Clock clock, Scheduler quotegateScheduler) {
            return new RedisStreamRegistry(clientPlansRedisConnection, properties.keyPrefix(), clock, Duration.ofSeconds(30),
                    quotegateScheduler);
        }

        @Bean(destroyMethod = "close")
        WarningRelay redisWarningRelay(RedisClient clientPlansRedisClient,
                                       StatefulRedisConnection<String, String> clientPlansRedisConnection, ClientProperties properties) {
            return new RedisWarningRelay(clientPlansRedisClient, clientPlansRedisConnection, properties.keyPrefix());
        }

        @Bean
        UsageCounters redisUsageCounters(StatefulRedisConnection<String, String> clientPlansRedisConnection,
                                         ClientProperties properties) {
            return new RedisUsageCounters(clientPlansRedisConnection, properties.keyPrefix());
        }
    }
}
