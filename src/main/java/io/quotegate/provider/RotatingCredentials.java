package io.quotegate.provider;

import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Around every adapter: when the provider refuses the credentials ({@link Outcome#AUTH_FAILED}), every
 * file-held secret of its settings is read again, so a key rotated in a way its file's attributes do not show
 * is used from the next call on. Auth failures are never retried within a slot, so that next call is the next
 * slot's. Nothing else changes: the failure goes on to the caller as it was, and every other method of the
 * adapter is the adapter's own (a new default method of {@link ProviderAdapter} must be delegated here too).
 */
final class RotatingCredentials implements ProviderAdapter {

    private static final Logger log = LoggerFactory.getLogger(RotatingCredentials.class);

    private final ProviderAdapter adapter;
    private final ProviderSettings settings;

    private RotatingCredentials(ProviderAdapter adapter, ProviderSettings settings) {
        this.adapter = adapter;
        this.settings = settings;
    }

    static ProviderAdapter wrap(ProviderAdapter adapter, ProviderSettings settings) {
        return new RotatingCredentials(adapter, settings);
    }

    @Override
    public String name() {
        return adapter.name();
    }

    @Override
    public boolean lastResort() {
        return adapter.lastResort();
    }

    @Override
    public List<List<String>> split(List<String> feedSymbols) {
        return adapter.split(feedSymbols);
    }

    @Override
    public Duration delay() {
        return adapter.delay();
    }

    @Override
    public boolean serves(String feedSymbol) {
        return adapter.serves(feedSymbol);
    }

    @Override
    public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
        return adapter.fetch(feedSymbols).doOnError(ProviderException.class, e -> {
            if (e.outcome() == Outcome.AUTH_FAILED && settings.reloadCredentials()) {
                log.info("{} refused its credentials; a new value was read from its file for the next call", name());
            }
        });
    }
}
