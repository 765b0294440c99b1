package io.quotegate.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.provider.Outcome;

/**
 * {@code quotegate_upstream_requests_total{provider,feed,outcome}} counts requests that left (or, for
 * in-process providers, calls made); {@code quotegate_upstream_skipped_total{provider,feed,reason}}
 * counts calls that did not leave because the budget, the circuit or configuration said no.
 */
final class UpstreamMetrics {

    private final MeterRegistry meters;

    UpstreamMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void request(String provider, String feed, Outcome outcome) {
        Counter.builder("quotegate.upstream.requests")
                .description("Upstream requests by outcome")
                .tag("provider", provider)
                .tag("feed", feed)
                .tag("outcome", outcome.label())
                .register(meters)
                .increment();
    }

    void skipped(String provider, String feed, Outcome reason) {
        Counter.builder("quotegate.upstream.skipped")
                .description("Upstream calls not made, by reason")
                .tag("provider", provider)
                .tag("feed", feed)
                .tag("reason", reason.label())
                .register(meters)
                .increment();
    }
}
