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

    /** Outcomes of requests that left; the others are decisions not to call ({@link #SKIP_REASONS}). */
    static final java.util.Set<Outcome> REQUEST_OUTCOMES = java.util.EnumSet.complementOf(
            java.util.EnumSet.of(Outcome.BUDGET_DENIED, Outcome.CIRCUIT_OPEN, Outcome.DISABLED));

    static final java.util.Set<Outcome> SKIP_REASONS =
            java.util.EnumSet.of(Outcome.BUDGET_DENIED, Outcome.CIRCUIT_OPEN);

    private final MeterRegistry meters;

    UpstreamMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Every series whose labels are known at start, at 0: each provider of each feed's chain by every outcome
     * and skip reason, each feed's refresh results and outdated answers. {@code rate()}, dashboards and alert
     * rules then see them before the first event.
     */
    void registerAll(FeedCatalog feeds) {
        for (Feed feed : feeds.all()) {
            for (String provider : feed.chain()) {
                REQUEST_OUTCOMES.forEach(o -> requests(provider, feed.name(), o));
                SKIP_REASONS.forEach(o -> skips(provider, feed.name(), o));
                outdated(provider, feed.name());
            }
            for (RefreshReport.Result r : RefreshReport.Result.values()) {
                meters.counter("quotegate.refreshes", "feed", feed.name(), "result", r.label());
            }
        }
    }

    void outdated(String provider, String feed, int answers) {
        outdated(provider, feed).increment(answers);
    }

    private Counter outdated(String provider, String feed) {
        return Counter.builder("quotegate.quotes.outdated")
                .description("Answers with a quote older than the one held (not served)")
                .tag("provider", provider)
                .tag("feed", feed)
                .register(meters);
    }

    void request(String provider, String feed, Outcome outcome) {
        requests(provider, feed, outcome).increment();
    }

    void skipped(String provider, String feed, Outcome reason) {
        skips(provider, feed, reason).increment();
    }

    private Counter requests(String provider, String feed, Outcome outcome) {
        return Counter.builder("quotegate.upstream.requests")
                .description("Upstream requests by outcome")
                .tag("provider", provider)
                .tag("feed", feed)
                .tag("outcome", outcome.label())
                .register(meters);
    }

    private Counter skips(String provider, String feed, Outcome reason) {
        return Counter.builder("quotegate.upstream.skipped")
                .description("Upstream calls not made, by reason")
                .tag("provider", provider)
                .tag("feed", feed)
                .tag("reason", reason.label())
                .register(meters);
    }
}
