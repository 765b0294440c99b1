package io.quotegate.client;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Metrics by tier, never by key (keys would explode cardinality):
 * {@code quotegate_client_requests_total{tier,outcome}}, {@code quotegate_client_streams{tier}} (open on
 * this replica), {@code quotegate_client_limited_total{tier,limit}}.
 */
public final class ClientMetrics {

    /** The tier tag of requests without a usable key. */
    static final String NO_TIER = "none";

    private final MeterRegistry meters;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    /** A counter by meter, tier and its second tag: no string is built per request. */
    private record Key(boolean limited, String tier, String tag) {}

    private final Map<String, AtomicInteger> streams = new ConcurrentHashMap<>();

    public ClientMetrics(MeterRegistry meters, Collection<String> tiers) {
        this.meters = meters;
        // Every series whose labels are known at start exists at 0, so rate() and alert rules see it at once.
        tiers.forEach(tier -> {
            streamGauge(tier);
            requests(tier, "allowed");
            requests(tier, "limited");
            for (Limit limit : Limit.values()) {
                limitedCounter(tier, limit);
            }
        });
        requests(NO_TIER, "unauthorized");
    }

    void request(String tier, String outcome) {
        requests(tier, outcome).increment();
    }

    /** The counter of requests of a tier with an outcome, for a caller that keeps it. */
    Counter requests(String tier, String outcome) {
        return counters.computeIfAbsent(
                new Key(false, tier, outcome),
                k -> Counter.builder("quotegate.client.requests")
                        .description("Client requests by tier and outcome (allowed, limited, unauthorized)")
                        .tag("tier", tier)
                        .tag("outcome", outcome)
                        .register(meters));
    }

    void limited(String tier, Limit limit) {
        limitedCounter(tier, limit).increment();
    }

    private Counter limitedCounter(String tier, Limit limit) {
        return counters.computeIfAbsent(
                new Key(true, tier, limit.key()),
                k -> Counter.builder("quotegate.client.limited")
                        .description("Requests refused by a client limit, by tier and limit")
                        .tag("tier", tier)
                        .tag("limit", limit.key())
                        .register(meters));
    }

    void streamOpened(String tier) {
        streamGauge(tier).incrementAndGet();
    }

    void streamClosed(String tier) {
        streamGauge(tier).decrementAndGet();
    }

    private AtomicInteger streamGauge(String tier) {
        return streams.computeIfAbsent(tier, t -> {
            AtomicInteger n = new AtomicInteger();
            Gauge.builder("quotegate.client.streams", n, AtomicInteger::get)
                    .description("Open client streams on this replica, by tier")
                    .tag("tier", t)
                    .register(meters);
            return n;
        });
    }
}
