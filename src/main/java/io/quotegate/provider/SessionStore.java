package io.quotegate.provider;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * Where the sessions of session-based providers live, so that a cluster holds one session per provider and
 * not one per replica: logging in is rate limited and counted by such providers (Capital.com). Embedded mode
 * keeps them in memory ({@link LocalSessionStore}); distributed mode in Redis ({@link RedisSessionStore}),
 * where one replica logs in at a time ({@link #lead}) and the others read what it stored.
 *
 * <p>A stored session lapses by itself once it has not been used for the idle time it was stored or last
 * touched with, as the provider's own session does.
 */
public interface SessionStore {

    /** This replica's name: the {@link ProviderSession#owner} of the sessions it creates. */
    String owner();

    /** The provider's session, or empty when there is none or it lapsed. */
    Mono<Optional<ProviderSession>> get(String provider);

    /** Stores a new session (replacing any other), lapsing after {@code idle} unless touched. */
    Mono<Void> put(String provider, ProviderSession session, Duration idle);

    /**
     * A call was made with the session at {@code at} (a price call when {@code forPrices}): it stays for another
     * {@code idle}. Nothing happens when the stored session is another one by now.
     */
    Mono<Void> touch(String provider, ProviderSession session, Instant at, boolean forPrices, Duration idle);

    /** The provider refused the session: drops it, unless another one has replaced it meanwhile. */
    Mono<Void> drop(String provider, ProviderSession session);

    /**
     * Takes the right to log in to the provider for at most {@code lease}: true when this replica has it, false
     * when another replica is logging in (or, in distributed mode, Redis cannot be reached).
     */
    Mono<Boolean> lead(String provider, Duration lease);

    /** Gives the right to log in back before its lease ends. */
    Mono<Void> release(String provider);
}
