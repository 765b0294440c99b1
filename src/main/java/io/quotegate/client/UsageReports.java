package io.quotegate.client;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * The {@link UsageReport} of a client: where it stands on every limit, read from the same bucket,
 * stream registry and counters that {@link ClientGate} decides with. Reading is all it does (the
 * bucket is peeked, not taken from, and nothing is counted here), so it is apart from the gate, which
 * decides and counts.
 */
final class UsageReports {

    private final RequestLimiter limiter;
    private final StreamRegistry streams;
    private final UsageCounters counters;
    private final Clock clock;
    /** The gate's, so that the {@code warning} flag is set from the same {@code warn-at} as the warnings pushed. */
    private final Crossings crossings;

    UsageReports(
            RequestLimiter limiter, StreamRegistry streams, UsageCounters counters, Clock clock, Crossings crossings) {
        this.limiter = limiter;
        this.streams = streams;
        this.counters = counters;
        this.clock = clock;
        this.crossings = crossings;
    }

    /** The caller's usage: every limit, the billing period and the flags. */
    Mono<UsageReport> of(Client client) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        BillingPeriod period = BillingPeriod.at(now);
        Tier tier = client.tier();
        Mono<Optional<RateState>> rate = tier.limits(Limit.REQUESTS_PER_MINUTE)
                ? limiter.peek(client).map(Optional::of)
                : Mono.just(Optional.empty());
        return Mono.zip(rate, streams.open(client), counters.read(client, BillingPeriod.month(now)))
                .map(t -> {
                    Map<String, UsageReport.LimitUsage> limits = new LinkedHashMap<>();
                    RateState r = t.getT1().orElse(null);
                    limits.put(
                            Limit.REQUESTS_PER_MINUTE.key(),
                            r == null
                                    ? usage(0, 0, null)
                                    : usage(r.used(), r.limit(), now.plusSeconds(r.resetSeconds())));
                    limits.put(Limit.MAX_STREAMS.key(), usage(t.getT2(), tier.maxStreams(), null));
                    limits.put(
                            Limit.MESSAGES_PER_MONTH.key(),
                            usage(t.getT3().messages(), tier.messagesPerMonth(), period.nextReset()));
                    limits.put(
                            Limit.BYTES_PER_MONTH.key(),
                            usage(t.getT3().bytes(), tier.bytesPerMonth(), period.nextReset()));
                    boolean warning = limits.values().stream()
                            .anyMatch(u -> u.percentage() != null && u.percentage() >= crossings.warnAt() * 100);
                    boolean exceeded =
                            limits.values().stream().anyMatch(u -> u.remaining() != null && u.remaining() == 0);
                    return new UsageReport(client.name(), tier.name(), limits, period, warning, exceeded);
                });
    }

    private static UsageReport.LimitUsage usage(long used, long limit, @Nullable Instant resetAt) {
        if (limit <= 0) {
            return new UsageReport.LimitUsage(used, null, null, null, resetAt);
        }
        return new UsageReport.LimitUsage(
                used, limit, Math.max(0, limit - used), Warning.percent(used, limit), resetAt);
    }
}
