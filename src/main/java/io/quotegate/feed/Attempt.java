package io.quotegate.feed;

import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** How one batch fared with one provider, after budget, circuit breaker and retries. */
record Attempt(
        String provider,
        List<String> symbols,
        @Nullable ProviderResponse response,
        @Nullable ProviderException failure,
        int tries) {

    static Attempt served(String provider, List<String> symbols, ProviderResponse response, int tries) {
        return new Attempt(provider, symbols, response, null, tries);
    }

    static Attempt failed(String provider, List<String> symbols, ProviderException failure, int tries) {
        return new Attempt(provider, symbols, null, failure, tries);
    }
}
