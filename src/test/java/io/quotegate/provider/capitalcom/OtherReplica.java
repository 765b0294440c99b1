package io.quotegate.provider.capitalcom;

import io.quotegate.provider.ProviderSession;
import io.quotegate.provider.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import reactor.core.publisher.Mono;

/** Another replica on the same shared store: the same sessions and login lease, under its own name. */
final class OtherReplica implements SessionStore {

    private final SessionStore shared;
    private final String owner;

    OtherReplica(SessionStore shared, String owner) {
        this.shared = shared;
        this.owner = owner;
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public Mono<Optional<ProviderSession>> get(String provider) {
        return shared.get(provider);
    }

    @Override
    public Mono<Void> put(String provider, ProviderSession session, Duration idle) {
        return shared.put(provider, session, idle);
    }

    @Override
    public Mono<Void> touch(String provider, ProviderSession session, Instant at, boolean forPrices, Duration idle) {
        return shared.touch(provider, session, at, forPrices, idle);
    }

    @Override
    public Mono<Void> drop(String provider, ProviderSession session) {
        return shared.drop(provider, session);
    }

    @Override
    public Mono<Boolean> lead(String provider, Duration lease) {
        return shared.lead(provider, lease);
    }

    @Override
    public Mono<Void> release(String provider) {
        return shared.release(provider);
    }
}
