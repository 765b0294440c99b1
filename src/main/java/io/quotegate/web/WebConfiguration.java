package io.quotegate.web;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /**
     * Feed reads stay out of the {@code http.server.requests} observation: it cost about a tenth of each
     * read in the profile (key values, timers, tags per request), and reads are already counted by
     * {@code quotegate_cache_reads_total{feed,result}}. Every other endpoint is still observed.
     */
    @Bean
    ObservationPredicate feedReadsAreNotObserved(FeedReads reads) {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier() != null
                && reads.paths().contains(request.getCarrier().getPath().value()));
    }
}
