package io.quotegate.config;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The one clock and the one Reactor scheduler every time-based piece uses (ledger windows, cache
 * TTL, slots, heartbeats, backoff). Tests replace them to move time by hand.
 */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    Scheduler quotegateScheduler() {
        return Schedulers.parallel();
    }
}
