package io.quotegate.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.cache.SnapshotStore;
import io.quotegate.config.QuotegateProperties;
import org.springframework.context.SmartLifecycle;
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

    /**
     * Streams end as the service stops, before the web server's graceful shutdown waits for open requests
     * (a phase above its {@code SmartLifecycle.DEFAULT_PHASE - 1024}): a stream never ends by itself, so it
     * would hold every stop for the whole shutdown timeout. A start after a stop opens them again.
     */
    @Bean
    SmartLifecycle streamsEndOnStop(Broadcaster broadcaster) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                broadcaster.resume();
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                broadcaster.endAll();
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return SmartLifecycle.DEFAULT_PHASE - 512;
            }
        };
    }
}
