package io.quotegate.provider;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The sessions of one process (embedded mode): in memory, lapsing on the injected clock. The right to log in
 * is a lease too, so two logins of this process never overlap.
 */
public final class LocalSessionStore implements SessionStore {

    private record Held(ProviderSession session, Instant until) {}

    private final Clock clock;
    private final String owner;
    private final Map<String, Held> sessions = new ConcurrentHashMap<>();
    private final Map<String, Instant> leads = new ConcurrentHashMap<>();

    public LocalSessionStore(Clock clock, String owner) {
        this.clock = clock;
        this.owner = owner;
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public Mono<Optional<ProviderSession>> get(String provider) {
        return Mono.fromSupplier(() -> {
            Held held = sessions.get(provider);
            if (held == null || !clock.instant().isBefore(held.until())) {
                return Optional.empty();
            }
            return Optional.of(held.session());
        });
    }

    @Override
    public Mono<Void> put(String provider, ProviderSession session, Duration idle) {
        return Mono.fromRunnable(
                () -> sessions.put(provider, new Held(session, clock.instant().plus(idle))));
    }

    @Override
    public Mono<Void> touch(String provider, ProviderSession session, Instant at, boolean forPrices, Duration idle) {
        return Mono.fromRunnable(() -> sessions.computeIfPresent(
                provider,
                (p, held) -> held.session().id().equals(session.id())
                        ? new Held(held.session().usedAt(at, forPrices), at.plus(idle))
                        : held));
    }

    @Override
    public Mono<Void> drop(String provider, ProviderSession session) {
        return Mono.fromRunnable(() -> sessions.computeIfPresent(
                provider, (p, held) -> held.session().id().equals(session.id()) ? null : held));
    }

    @Override
    public Mono<Boolean> lead(String provider, Duration lease) {
        return Mono.fromSupplier(() -> {
            Instant now = clock.instant();
            boolean[] taken = {false};
            leads.compute(provider, (p, held) -> {
                if (held != null && now.isBefore(held)) {
                    return held;
                }
                taken[0] = true;
                return now.plus(lease);
            });
            return taken[0];
        });
    }

    @Override
    public Mono<Void> release(String provider) {
        return Mono.fromRunnable(() -> leads.remove(provider));
    }
}
