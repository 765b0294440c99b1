package io.quotegate.budget;

import io.quotegate.model.ReportedUsage;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Where spends are recorded and limits enforced. A grant is counted before the request leaves
 * (write-ahead), so a crash can lose a request but never a spend. Implementations: in memory with a
 * local file ({@link MemoryLedger}); in Redis for several replicas, its counts written behind to
 * PostgreSQL ({@link RedisLedger}). Both count a spend near a window's end in the next window too
 * ({@link EdgeGuard}).
 */
public interface Ledger {

    /** Reserves the spend if every window of the provider has room; otherwise says wait or no. */
    Mono<Decision> reserve(Spend spend);

    /** Raises our count to the provider's own, when its headers report more than we counted. */
    Mono<Void> reconcile(String provider, ReportedUsage usage);

    /**
     * Counts the provider's current minute as full without claiming any spend for the day or month: what
     * a "current minute" rate limit from the provider means when its headers say nothing more.
     */
    Mono<Void> holdMinute(String provider);

    /**
     * The provider said stop until {@code until} (real time): a ban (Binance 418) or a rate limit with
     * {@code Retry-After}. A shared ledger refuses every spend with the provider until then, on every
     * replica; the in-process ledger leaves this to the local circuit breaker, so by default it does nothing.
     */
    default Mono<Void> banUntil(String provider, java.time.Instant until) {
        return Mono.empty();
    }

    /** The provider's current windows as last known here (for /trace, /budget and metrics). */
    Usage usage(String provider);

    /** The most recent decisions, newest last, for /trace. */
    List<DecisionRecord> recentDecisions();
}
