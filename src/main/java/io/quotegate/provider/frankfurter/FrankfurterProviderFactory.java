package io.quotegate.provider.frankfurter;

import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code frankfurter} provider: daily ECB reference rates from {@code GET /latest}, no key.
 * Its quotes are marked as reference data, never as live prices.
 */
@Component
class FrankfurterProviderFactory implements ProviderFactory {

    static final String NAME = "frankfurter";

    /** Used when {@code quotegate.providers.frankfurter.base-url} is not set. */
    static final String DEFAULT_BASE_URL = "https://api.frankfurter.dev/v1";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultBaseUrl() {
        return DEFAULT_BASE_URL;
    }

    @Override
    public ProviderAdapter create(ProviderContext context) {
        return new FrankfurterAdapter(context);
    }
}
