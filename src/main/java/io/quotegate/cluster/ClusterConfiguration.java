package io.quotegate.cluster;

import io.quotegate.config.ClusterProperties;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The shared services of {@code quotegate.mode=distributed}: one Redis link, the PostgreSQL pool of the
 * clustered scheduler and the liveness heartbeat. In embedded mode none of these beans exist, so
 * nothing connects anywhere; readiness then reports {@code mode: embedded}.
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    @Bean
    ClusterReadiness clusterHealthIndicator(
            ObjectProvider<RedisLink> redis, ObjectProvider<Database> database, ObjectProvider<Heartbeat> heartbeat) {
        RedisLink r = redis.getIfAvailable();
        return r == null
                ? ClusterReadiness.embedded()
                : new ClusterReadiness(r, database.getIfAvailable(), heartbeat.getIfAvailable());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "quotegate.mode", havingValue = "distributed")
    static class Distributed {

        @Bean
        ClusterEndpoints clusterEndpoints(Environment env) {
            return ClusterEndpoints.from(env);
        }

        /**
         * Where the shared Redis is (a plain URL, or the Sentinels to ask), as Lettuce takes it: the client plans'
         * shared counters connect there too, so they follow a fail-over like the ledger.
         */
        @Bean
        io.lettuce.core.RedisURI sharedRedis(ClusterEndpoints endpoints) {
            return endpoints.redis();
        }

        @Bean(destroyMethod = "close")
        RedisLink redisLink(ClusterEndpoints endpoints, ClusterProperties properties) {
            return new RedisLink(endpoints.redis(), properties.cluster().prefix()).start();
        }

        @Bean(destroyMethod = "close")
        Database database(ClusterEndpoints endpoints) {
            return new Database(endpoints.jdbcUrl(), endpoints.username(), endpoints.password());
        }

        @Bean(destroyMethod = "close")
        Heartbeat heartbeat(RedisLink redis, Database database, ClusterProperties properties) {
            // Wall time, not the injected clock: the beats of every replica must be comparable.
            return new Heartbeat(
                            redis,
                            database,
                            Clock.systemUTC(),
                            properties.cluster().heartbeat(),
                            Heartbeat.newInstanceId())
                    .start();
        }

        @Bean
        SlotClaims slotClaims(RedisLink redis, Heartbeat heartbeat, ClusterProperties properties) {
            return new SlotClaims(
                    redis, heartbeat.instance(), properties.cluster().claimLease());
        }

        @Bean
        ClusterLock clusterLock(RedisLink redis, Heartbeat heartbeat, Database database) {
            return new ClusterLock(redis, heartbeat.instance(), () -> redis.up() && database.up());
        }
    }
}
