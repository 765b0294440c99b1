package io.quotegate.feed;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.budget.Budget;
import io.quotegate.budget.Ledger;
import io.quotegate.budget.Spend;
import io.quotegate.budget.Windows;
import io.quotegate.model.Purpose;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderCircuits;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.util.retry.Retry;

/**
 * One batch against one provider: reserve the credits (write-ahead), call through the circuit
 * breaker, settle the provider's usage headers, and retry transient errors and rate limits with
 * exponential backoff and jitter, honouring {@code Retry-After}. Every retry reserves its own credits.
 * Nothing waits or retries up to or past {@code deadline} (the next slot that could collide). Never errors:
 * the result says what happened.
 */
final class BatchCall {

    static final int MAX_RETRIES = 3;
    /** How far past Retry-After a retry goes, so it lands after it, not on it. */
    static final Duration SETTLE = Duration.ofMillis(5);
    /**
     * How far into the next minute a deferred batch goes (model time): our clock and the provider's are
     * not the same clock, and a batch that lands in the provider's previous, full minute is refused.
     */
    static final Duration MINUTE_GUARD = Duration.ofSeconds(1);

    private final Ledger ledger;
    private final ProviderCircuits circuits;
    private final UpstreamMetrics metrics;
    private final FailureLog failures;
    private final Clock clock;
    private final Clock modelClock;
    private final TimeScale scale;
    private final Scheduler scheduler;

    BatchCall(
            Ledger ledger,
            ProviderCircuits circuits,
            MeterRegistry meters,
            Clock clock,
            TimeScale scale,
            Scheduler scheduler) {
        this.ledger = ledger;
        this.circuits = circuits;
        this.metrics = new UpstreamMetrics(meters);
        this.failures = new FailureLog(clock);
        this.clock = clock;
        this.modelClock = scale.model(clock);
        this.scale = scale;
        this.scheduler = scheduler;
    }

    Mono<Attempt> run(
            Feed feed,
            ProviderAdapter adapter,
            Budget budget,
            List<String> symbols,
            Purpose purpose,
            Instant deadline) {
        String provider = adapter.name();
        AtomicInteger tries = new AtomicInteger();
        Spend spend =
                new Spend(provider, feed.name(), feed.priority(), budget.cost().cost(symbols.size()), purpose);
        CircuitBreaker cb = circuits.of(provider);
        Mono<ProviderResponse> once = Mono.defer(() -> {
            // Ask the breaker first, so an open circuit costs no credits. Asking is also what moves an
            // open breaker whose wait has passed to half-open, letting exactly one probe through.
            if (!cb.tryAcquirePermission()) {
                return Mono.error(ProviderException.of(
                        Outcome.CIRCUIT_OPEN, provider + " circuit is " + circuits.state(provider)));
            }
            Spend thisTry = tries.getAndIncrement() == 0 ? spend : withPurpose(spend, Purpose.RETRY);
            return reserve(thisTry, deadline)
                    .then(Mono.defer(() -> circuits.refusing(provider)
                            // Opened (a ban) while this call waited for its minute: it must not leave.
                            ? Mono.<Void>error(ProviderException.of(
                                    Outcome.CIRCUIT_OPEN, provider + " circuit opened while waiting"))
                            : Mono.<Void>empty()))
                    .doOnError(e -> cb.releasePermission())
                    .then(Mono.defer(() -> fetch(feed, adapter, budget, symbols, cb)));
        });
        return once.retryWhen(retries(deadline))
                .map(r -> Attempt.served(provider, symbols, r, tries.get()))
                .onErrorResume(ProviderException.class, e -> {
                    if (tries.get() == 0
                            || e.outcome() == Outcome.BUDGET_DENIED
                            || e.outcome() == Outcome.CIRCUIT_OPEN) {
                        metrics.skipped(provider, feed.name(), e.outcome());
                    }
                    return Mono.just(Attempt.failed(provider, symbols, e, tries.get()));
                });
    }

    /** One request; its result (or a cancellation) is reported to the breaker that permitted it. */
    private Mono<ProviderResponse> fetch(
            Feed feed, ProviderAdapter adapter, Budget budget, List<String> symbols, CircuitBreaker cb) {
        String provider = adapter.name();
        long started = System.nanoTime();
        // An adapter signals every failure it understands as a ProviderException; anything else is a
        // response it could not read, which is MALFORMED for every provider and never retried.
        return Mono.defer(() -> adapter.fetch(symbols))
                .onErrorMap(e -> !(e instanceof ProviderException), e -> ProviderException.unreadable(provider, e))
                .doOnNext(r -> cb.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS))
                .doOnError(e -> cb.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, e))
                .doOnCancel(cb::releasePermission)
                .flatMap(r -> ledger.reconcile(provider, r.usage()).thenReturn(r))
                .doOnNext(r -> {
                    metrics.request(provider, feed.name(), Outcome.OK);
                    failures.answered(provider, feed.name());
                })
                .onErrorResume(
                        ProviderException.class,
                        e -> react(feed, provider, budget, e).then(Mono.error(e)));
    }

    /**
     * What a failure teaches us: bans and rate limits close the provider for a while and fill our count. Every
     * failure of the provider itself is said in the log once per episode ({@link FailureLog}).
     */
    private Mono<Void> react(Feed feed, String provider, Budget budget, ProviderException e) {
        if (e.outcome() == Outcome.CIRCUIT_OPEN) {
            return Mono.empty();
        }
        metrics.request(provider, feed.name(), e.outcome());
        Instant now = clock.instant();
        boolean dayLimit = e.outcome() == Outcome.QUOTA_EXHAUSTED
                || (e.outcome() == Outcome.RATE_LIMITED && e.window() == Window.DAY);
        if (dayLimit) {
            Window w = e.window() == Window.MONTH ? Window.MONTH : Window.DAY;
            Instant until = now.plus(untilWindowEnd(w));
            failures.failed(provider, feed.name(), e, until);
            circuits.openUntil(provider, until);
            return budget.limit(w).isPresent()
                    ? ledger.reconcile(
                            provider, ReportedUsage.of(w, budget.limit(w).getAsInt()))
                    : Mono.empty();
        }
        if (e.outcome() == Outcome.BANNED || (e.outcome() == Outcome.RATE_LIMITED && e.retryAfter() != null)) {
            Duration hold = e.retryAfter() != null ? e.retryAfter() : untilWindowEnd(Window.MINUTE);
            failures.failed(provider, feed.name(), e, now.plus(hold));
            circuits.openUntil(provider, now.plus(hold));
            // Every replica must hold off, not just this one (a no-op for the in-process ledger).
            Mono<Void> shared = ledger.banUntil(provider, now.plus(hold));
            return e.outcome() == Outcome.RATE_LIMITED ? shared.then(ledger.holdMinute(provider)) : shared;
        }
        if (e.outcome() != Outcome.INVALID_SYMBOLS) {
            // Symbols the provider rejected are its verdict on them (quarantine), not a failure of the provider.
            failures.failed(provider, feed.name(), e, null);
        }
        if (e.outcome() == Outcome.RATE_LIMITED) {
            return ledger.holdMinute(provider);
        }
        return Mono.empty();
    }

    /** Where this call's failures are said, for the refresh to add what it learns from answers. */
    FailureLog failures() {
        return failures;
    }

    /** Registers every series of this call's counters at 0 (see {@link UpstreamMetrics#registerAll}). */
    void registerMetrics(FeedCatalog feeds) {
        metrics.registerAll(feeds);
    }

    /** Answers that brought a quote older than the one held. */
    void outdated(String provider, String feed, int answers) {
        metrics.outdated(provider, feed, answers);
    }

    private Mono<Void> reserve(Spend spend, Instant deadline) {
        return ledger.reserve(spend).flatMap(d -> switch (d.kind()) {
            case GRANTED -> Mono.<Void>empty();
            case WAIT ->
                !clock.instant().plus(d.delay()).plus(guard()).isBefore(deadline)
                        ? Mono.<Void>error(
                                ProviderException.of(Outcome.BUDGET_DENIED, "deferred past the slot: " + d.reason()))
                        : Mono.delay(d.delay().plus(guard()), scheduler).then(reserve(spend, deadline));
            case DENIED -> Mono.<Void>error(ProviderException.of(Outcome.BUDGET_DENIED, d.reason()));
        });
    }

    private Duration guard() {
        return scale.toReal(MINUTE_GUARD);
    }

    private Retry retries(Instant deadline) {
        return Retry.from(signals -> signals.concatMap(rs -> {
            Throwable failure = rs.failure();
            if (!(failure instanceof ProviderException e) || !retryable(e) || rs.totalRetries() >= MAX_RETRIES) {
                return Mono.error(failure);
            }
            Duration delay = backoff(rs.totalRetries());
            if (e.retryAfter() != null && e.retryAfter().plus(SETTLE).compareTo(delay) > 0) {
                // Just after Retry-After: the circuit is open until that very instant.
                delay = e.retryAfter().plus(SETTLE);
            }
            if (e.outcome() == Outcome.RATE_LIMITED && e.retryAfter() == null) {
                Duration nextMinute = untilWindowEnd(Window.MINUTE);
                delay = nextMinute.compareTo(delay) > 0 ? nextMinute : delay;
            }
            if (!clock.instant().plus(delay).isBefore(deadline)) {
                return Mono.error(failure);
            }
            return Mono.delay(delay, scheduler);
        }));
    }

    private static boolean retryable(ProviderException e) {
        return e.outcome().retryable() && !(e.outcome() == Outcome.RATE_LIMITED && e.window() == Window.DAY);
    }

    /** 2, 4, 8 model seconds, each with up to 50 % jitter either way. */
    private Duration backoff(long retry) {
        long modelMillis = 2000L << Math.min(retry, 10);
        double jitter = 0.5 + ThreadLocalRandom.current().nextDouble();
        return scale.toReal(Duration.ofMillis((long) (modelMillis * jitter)));
    }

    /** Real time until the current model window ends (next minute, next 00:00 UTC, next month). */
    private Duration untilWindowEnd(Window window) {
        Instant now = modelClock.instant();
        return scale.toReal(Duration.between(now, Windows.end(window, now)));
    }

    private static Spend withPurpose(Spend s, Purpose purpose) {
        return new Spend(s.provider(), s.feed(), s.priority(), s.credits(), purpose);
    }
}
