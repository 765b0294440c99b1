package io.quotegate.provider;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;

/**
 * One Resilience4j circuit breaker per provider. It opens when half the last calls failed (at least
 * four), stays open for {@code openFor}, then lets a single probe through (half-open). A ban or a
 * rate limit with {@code Retry-After} opens it until that time, so no call leaves during a ban.
 * Invalid symbols and plan restrictions are answers about symbols, not failures of the provider.
 * The breakers read the injected clock, like every other time-based piece.
 */
public final class ProviderCircuits {

    private final CircuitBreakerRegistry registry;
    private final java.util.Map<String, Instant> bannedUntil = new java.util.concurrent.ConcurrentHashMap<>();

    public ProviderCircuits(
            Collection<String> providers, Duration openFor, java.time.Clock clock, MeterRegistry meters) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(ProviderCircuits::isProviderFailure)
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
        for (String p : providers) {
            CircuitBreaker cb = registry.circuitBreaker(p);
            Gauge.builder("quotegate.circuit.state", cb, c -> level(c.getState()))
                    .description("Circuit breaker state per provider: 0 closed, 1 half-open, 2 open")
                    .tag("provider", p)
                    .register(meters);
        }
    }

    public CircuitBreaker of(String provider) {
        return registry.circuitBreaker(provider);
    }

    /**
     * Keeps the circuit open until {@code until}: nothing leaves for this provider before then. A ban
     * already running longer is never shortened (a 429 with Retry-After 30 does not end a 2-hour 418).
     */
    public synchronized void openUntil(String provider, Instant until) {
        CircuitBreaker cb = of(provider);
        Instant current = bannedUntil.get(provider);
        boolean stillOpen =
                cb.getState() == CircuitBreaker.State.OPEN || cb.getState() == CircuitBreaker.State.FORCED_OPEN;
        if (stillOpen && current != null && current.isAfter(until)) {
            return;
        }
        bannedUntil.put(provider, until);
        cb.transitionToOpenStateUntil(until);
    }

    /** True while the provider's circuit refuses calls (open, not yet due for a probe). */
    public boolean refusing(String provider) {
        CircuitBreaker.State state = of(provider).getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    public String state(String provider) {
        return of(provider).getState().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static boolean isProviderFailure(Throwable e) {
        if (e instanceof ProviderException pe) {
            return switch (pe.outcome()) {
                case INVALID_SYMBOLS, PLAN_RESTRICTED, BUDGET_DENIED, CIRCUIT_OPEN, DISABLED, OK -> false;
                default -> true;
            };
        }
        return true;
    }

    private static int level(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED, DISABLED, METRICS_ONLY -> 0;
            case HALF_OPEN -> 1;
            default -> 2;
        };
    }
}
