package io.quotegate.client;

import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The client plans, as one decision per request: who is asking (by key, or anonymous), whether a
 * limit refuses it, and what it used. HTTP is web/'s business; this class knows tiers and counts.
 *
 * <p>Order of the checks: the key (401), a monthly limit already used up (429 until the month
 * resets), requests per minute (429 for the time to the next token), then, for a stream, the open
 * streams (429 until one closes). Monthly use is counted after a response is served: a {@code 200}
 * feed response or an SSE data event is one message, and every byte written counts. Crossing
 * {@code warn-at} of a limit, and reaching 100 %, pushes one {@link Warning} to the client's streams.
 *
 * <p>Time is the application clock, in real time also in seconds mode: clients are real.
 */
public final class ClientGate {

    private static final Logger log = LoggerFactory.getLogger(ClientGate.class);
    private static final List<Limit> MONTHLY = List.of(Limit.MESSAGES_PER_MONTH, Limit.BYTES_PER_MONTH);

    private final ClientDirectory directory;
    private final RequestLimiter limiter;
    private final StreamRegistry streams;
    private final UsageCounters counters;
    private final ClientMetrics metrics;
    private final Clock clock;
    private final Crossings crossings;
    private final MonthlyWarnings monthly;
    private final RateWarnings rates;
    private final UsageReports reports;
    private final WarningHub warnings = new WarningHub();
    private final WarningRelay relay;
    /** The allowed requests of the anonymous tier when it has no limits, counted without a lookup; else null. */
    private final @Nullable Counter freeAnonymous;
    /** Monthly limits this replica has seen run out, per client, for the month they ran out in. */
    private final Map<String, Exhausted> exhausted = new ConcurrentHashMap<>();

    public ClientGate(
            ClientDirectory directory,
            RequestLimiter limiter,
            StreamRegistry streams,
            UsageCounters counters,
            ClientMetrics metrics,
            Clock clock,
            double warnAt) {
        this(directory, limiter, streams, counters, metrics, clock, warnAt, WarningRelay.NONE);
    }

    public ClientGate(
            ClientDirectory directory,
            RequestLimiter limiter,
            StreamRegistry streams,
            UsageCounters counters,
            ClientMetrics metrics,
            Clock clock,
            double warnAt,
            WarningRelay relay) {
        this.relay = relay;
        this.crossings = new Crossings(warnAt);
        this.monthly = new MonthlyWarnings(crossings);
        this.rates = new RateWarnings(crossings);
        this.reports = new UsageReports(limiter, streams, counters, clock, crossings);
        relay.listen((clientId, w) ->
                monthly.relayed(clientId, BillingPeriod.month(clock.instant()), w, x -> warnings.emit(clientId, x)));
        this.directory = directory;
        Tier anonymous = directory.anonymousTier();
        this.freeAnonymous =
                anonymous == null || anonymous.limited() ? null : metrics.requests(anonymous.name(), "allowed");
        this.limiter = limiter;
        this.streams = streams;
        this.counters = counters;
        this.metrics = metrics;
        this.clock = clock;
    }

    private record Exhausted(YearMonth month, Set<Limit> limits) {}

    /**
     * Whether callers without a key are of a tier none of whose limits applies (the shipped {@code open}
     * tier). Such a request needs no decision: {@link #admit} would allow it, count nothing but the
     * allowed request, and keep no {@link Client} beyond the response.
     */
    public boolean anonymousFree() {
        return freeAnonymous != null;
    }

    /** Counts an allowed request of the {@linkplain #anonymousFree() free anonymous tier}: all that {@link #admit} does for it. */
    public void admittedFree() {
        if (freeAnonymous != null) {
            freeAnonymous.increment();
        }
    }

    /**
     * Decides one request.
     *
     * @param apiKey  the key as sent, or null; never logged
     * @param address the caller's address (the partition of anonymous callers)
     * @param kind    an ordinary request, a stream, or the client's own /usage
     */
    public Mono<Admission> admit(@Nullable String apiKey, String address, RequestKind kind) {
        ClientDirectory.Lookup lookup = directory.identify(apiKey, address);
        Client client = lookup.client();
        if (client == null) {
            metrics.request(ClientMetrics.NO_TIER, "unauthorized");
            return Mono.just(Admission.refused(null, null, new Refusal(401, "unauthorized", lookup.why(), 0, null)));
        }
        if (!client.limited() || kind == RequestKind.USAGE) {
            metrics.request(client.tier().name(), "allowed");
            if (kind == RequestKind.USAGE && client.tier().limits(Limit.REQUESTS_PER_MINUTE)) {
                // Not taken from the bucket, but the headers still tell the client where it stands.
                return limiter.peek(client).map(state -> Admission.allowed(client, state, null, List.of()));
            }
            return Mono.just(Admission.allowed(client, null, null, List.of()));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Limit runOut = exhaustedLimit(client, now);
        if (runOut != null) {
            BillingPeriod period = BillingPeriod.at(now);
            return Mono.just(
                    refuse(client, null, runOut, "quota_exhausted", period.nextReset(), period.secondsLeft(now)));
        }
        Mono<Optional<RateState>> rate = client.tier().limits(Limit.REQUESTS_PER_MINUTE)
                ? limiter.tryAcquire(client).map(Optional::of)
                : Mono.just(Optional.empty());
        return rate.flatMap(r -> {
            RateState state = r.orElse(null);
            List<Warning> raised = new ArrayList<>();
            if (state != null) {
                if (!state.allowed()) {
                    return Mono.just(refuse(
                            client,
                            state,
                            Limit.REQUESTS_PER_MINUTE,
                            "rate_limited",
                            now.plusSeconds(state.retryAfterSeconds()),
                            state.retryAfterSeconds()));
                }
                rates.crossing(client, state, now).ifPresent(raised::add);
            }
            if (kind != RequestKind.STREAM) {
                metrics.request(client.tier().name(), "allowed");
                raised.forEach(w -> tell(client, w));
                return Mono.just(Admission.allowed(client, state, null, List.of()));
            }
            int max = client.tier().maxStreams();
            return streams.tryOpen(client, max).map(lease -> {
                if (!lease.granted()) {
                    return refuse(client, state, Limit.MAX_STREAMS, "too_many_streams", null, 5);
                }
                metrics.request(client.tier().name(), "allowed");
                String tier = client.tier().name();
                metrics.streamOpened(tier);
                StreamLease counted = new StreamLease(true, lease.open(), () -> {
                    lease.release();
                    metrics.streamClosed(tier);
                });
                if (max > 0) {
                    crossings
                            .crossing(Limit.MAX_STREAMS, lease.open() - 1, lease.open(), max, null)
                            .ifPresent(raised::add);
                }
                // The new stream gets these first; the client's other streams get them now.
                raised.forEach(w -> tell(client, w));
                return Admission.allowed(client, state, counted, raised);
            });
        });
    }

    /**
     * Counts what a response served: {@code messages} (1 for a 200 feed response or an SSE data event)
     * and {@code bytes}. Crossings push warnings; a monthly limit that runs out refuses from then on.
     */
    public void served(Client client, long messages, long bytes) {
        count(client, messages, bytes).subscribe();
    }

    /**
     * {@link #served} as a step to wait for: completes once the counters hold it (a Redis round trip in
     * distributed mode) and a limit it ran out refuses. A counter that fails is logged, never an error.
     */
    public Mono<Void> count(Client client, long messages, long bytes) {
        if (!client.keyed() && !client.limited() || (messages == 0 && bytes == 0)) {
            return Mono.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        YearMonth month = BillingPeriod.month(now);
        return counters.add(client, month, messages, bytes)
                .doOnNext(totals -> afterServed(client, month, now, totals, messages, bytes))
                .onErrorResume(e -> {
                    log.warn("Could not count usage of client {}: {}", client.name(), e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private void afterServed(
            Client client, YearMonth month, Instant now, MonthlyUsage totals, long messages, long bytes) {
        @Nullable Instant reset = null;
        for (Limit l : MONTHLY) {
            long limit = client.tier().limit(l);
            if (limit <= 0) {
                continue;
            }
            if (reset == null) {
                reset = BillingPeriod.at(now).nextReset();
            }
            long total = totals.get(l);
            long delta = l == Limit.MESSAGES_PER_MONTH ? messages : bytes;
            if (total >= limit) {
                exhausted.compute(client.id(), (k, e) -> {
                    Set<Limit> set = e == null || !e.month().equals(month)
                            ? EnumSet.noneOf(Limit.class)
                            : EnumSet.copyOf(e.limits());
                    set.add(l);
                    return new Exhausted(month, set);
                });
            }
            if (delta > 0) {
                monthly.counted(client.id(), month, l, total - delta, total, limit, reset, w -> tell(client, w));
            }
        }
    }

    /** To the client's streams here and, through the relay, on the other replicas. */
    private void tell(Client client, Warning warning) {
        warnings.emit(client.id(), warning);
        relay.publish(client.id(), warning);
    }

    /** The warnings pushed to this client's streams from now on. */
    public Flux<Warning> warnings(Client client) {
        return warnings.of(client);
    }

    /** The caller's usage: every limit, the billing period and the flags. */
    public Mono<UsageReport> usage(Client client) {
        return reports.of(client);
    }

    private @Nullable Limit exhaustedLimit(Client client, Instant now) {
        Exhausted e = exhausted.get(client.id());
        if (e == null) {
            return null;
        }
        if (!e.month().equals(BillingPeriod.month(now))) {
            exhausted.remove(client.id(), e);
            return null;
        }
        return e.limits().iterator().next();
    }

    private Admission refuse(
            Client client,
            @Nullable RateState rate,
            Limit limit,
            String code,
            @Nullable Instant resetAt,
            long retryAfter) {
        metrics.request(client.tier().name(), "limited");
        metrics.limited(client.tier().name(), limit);
        long size = client.tier().limit(limit);
        String when = resetAt == null
                ? "when one of your open streams closes"
                : "at " + resetAt + " (in " + retryAfter + " s)";
        String message = "Limit " + limit.key() + " of tier " + client.tier().name() + " is "
                + Crossings.describe(limit, size) + "; it is used up" + " and frees " + when + ".";
        return Admission.refused(client, rate, new Refusal(429, code, message, retryAfter, limit));
    }
}
