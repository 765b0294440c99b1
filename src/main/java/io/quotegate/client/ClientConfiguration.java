package io.quotegate.client;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.config.QuotegateProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
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

    private static final Logger log = LoggerFactory.getLogger(ClientConfiguration.class);

    @Bean
    ClientDirectory clientDirectory(ClientProperties properties) {
        return new ClientDirectory(properties);
    }

    @Bean
    ClientMetrics clientMetrics(MeterRegistry meters, ClientProperties properties) {
        return new ClientMetrics(meters, properties.tiers().keySet());
    }

    @Bean
    ClientGate clientGate(
            ClientDirectory directory,
            ClientBackends backends,
            ClientMetrics metrics,
            Clock clock,
            ClientProperties properties) {
        return new ClientGate(
                directory,
                backends.limiter(),
                backends.streams(),
                backends.counters(),
                metrics,
                clock,
                properties.warnAt(),
                backends.relay());
    }

    /**
     * In memory by default. With {@code quotegate.mode=distributed} in Redis (the cluster's, Sentinel included),
     * so the replicas share the buckets, the open streams and the monthly counters; if Redis cannot be reached at start, this
     * replica counts alone (in memory) until it restarts, and says so: the service starts either way. If Redis goes away
     * later, the replica counts alone while it is away ({@link AloneWhileRedisIsAway}).
     */
    @Bean(destroyMethod = "close")
    ClientBackends clientBackends(
            @Value("${quotegate.mode:embedded}") String mode,
            @Value("${spring.data.redis.url:redis://127.0.0.1:6379}") String url,
            ObjectProvider<RedisURI> sharedRedis,
            ClientProperties properties,
            QuotegateProperties quotegate,
            Clock clock,
            Scheduler quotegateScheduler) {
        if (mode.equals("distributed")) {
            // The cluster's Redis as distributed mode resolved it (Sentinel included), else the URL.
            RedisURI where = sharedRedis.getIfAvailable(() -> RedisURI.create(url));
            RedisClient client = RedisClient.create(where);
            try {
                StatefulRedisConnection<String, String> connection = client.connect();
                RedisStreamRegistry streams = new RedisStreamRegistry(
                        connection, properties.keyPrefix(), clock, Duration.ofSeconds(30), quotegateScheduler);
                RedisWarningRelay relay = new RedisWarningRelay(client, connection, properties.keyPrefix());
                AloneWhileRedisIsAway alone = new AloneWhileRedisIsAway(clock);
                return new ClientBackends(
                        alone.limiter(
                                new RedisRequestLimiter(client, properties.keyPrefix(), clock),
                                new LocalRequestLimiter(clock)),
                        alone.streams(streams, new LocalStreamRegistry()),
                        alone.counters(
                                new RedisUsageCounters(connection, properties.keyPrefix()), new LocalUsageCounters()),
                        relay,
                        List.of(
                                streams::close,
                                ClientBackends.awaiting(relay::closeAsync),
                                ClientBackends.awaiting(connection::closeAsync),
                                ClientBackends.awaiting(() -> client.shutdownAsync(0, 1, TimeUnit.SECONDS))));
            } catch (RedisException e) {
                client.shutdownAsync(0, 1, TimeUnit.SECONDS); // nothing of it is open: no need to wait
                log.warn(
                        "Client plans: Redis at spring.data.redis.url is unreachable ({}); this replica counts its clients"
                                + " alone, in memory, until it restarts",
                        e.getMessage());
            }
        }
        LocalUsageCounters counters = new LocalUsageCounters(quotegate.dataDir().resolve("client-usage.tsv"))
                .flushEvery(Duration.ofSeconds(5), quotegateScheduler);
        return new ClientBackends(
                new LocalRequestLimiter(clock),
                new LocalStreamRegistry(),
                counters,
                WarningRelay.NONE,
                List.of(counters::close));
    }

    /** Where the client plans keep their counts, and what to close at shutdown. */
    record ClientBackends(
            RequestLimiter limiter,
            StreamRegistry streams,
            UsageCounters counters,
            WarningRelay relay,
            List<Closing> closing) {
        interface Closing {
            void close() throws Exception;
        }

        /**
         * How long a stop waits for each Redis step to finish: Lettuce's own close() and shutdown() wait without a
         * bound, and a connection to a Redis that is going away or coming back can stay pending.
         */
        static final Duration CLOSE_AT_MOST = Duration.ofSeconds(2);

        /** A step that starts closing something and waits for it at most {@link #CLOSE_AT_MOST}. */
        static Closing awaiting(Supplier<? extends CompletableFuture<?>> step) {
            return () -> {
                try {
                    step.get().get(CLOSE_AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    log.warn(
                            "Client plans: closing a Redis connection took longer than {}; the stop goes on",
                            CLOSE_AT_MOST);
                }
            };
        }

        public void close() {
            for (Closing c : closing) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.debug("Client plans: closing failed", e);
                }
            }
        }
    }
}
