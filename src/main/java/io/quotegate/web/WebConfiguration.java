package io.quotegate.web;

import io.micrometer.observation.ObservationPredicate;
import java.time.Duration;
import java.util.Set;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

    /**
     * The HTTP server's event loops belong to this application context instead of Reactor Netty's
     * process-wide ones. Closing a context disposes the loops it uses; with the global ones, a context
     * closing in the same JVM (the integration tests run several) would take another context's running
     * server down with it. It also keeps the server's loops apart from the provider client's.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        // By then the server has shut down gracefully (streams ended, requests answered): no quiet period of
        // 2 s, which a stop spent waiting with nothing left to do.
        resources.setShutdownQuietPeriod(Duration.ZERO);
        return resources;
    }

    /** Feed reads answered on their connection ({@link ChannelReads}), ahead of Reactor Netty's request handling. */
    @Bean
    NettyServerCustomizer channelReads(DirectReads reads) {
        return server -> server.doOnChannelInit((observer, channel, remote) -> reads.install(channel));
    }

    /**
     * Feed reads and streams stay out of the {@code http.server.requests} observation. For reads it cost
     * about a tenth of each request in the profile (key values, timers, tags per request), and they are
     * counted by {@code quotegate_cache_reads_total{feed,result}}; a stream's observation context would
     * live (and weigh) as long as the connection, whose count is {@code quotegate_sse_subscribers}.
     * Every other endpoint is still observed.
     */
    @Bean
    ObservationPredicate feedReadsAndStreamsAreNotObserved(ReadContract contract) {
        Set<String> paths = Set.copyOf(contract.paths());
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier() != null
                && paths.contains(request.getCarrier().getPath().value()));
    }
}
