package io.quotegate.provider.marketstack;

import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code marketstack} provider: end-of-day index levels from {@code GET /eod/latest}. It needs
 * an access key ({@code MARKETSTACK_API_KEY}); without one the registry disables it.
 */
@Component
class MarketstackProviderFactory implements ProviderFactory {

    static final String NAME = "marketstack";

    /** Used when {@code quotegate.providers.marketstack.base-url} is not set. */
    static final String DEFAULT_BASE_URL = "https://api.marketstack.com/v2";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean requiresKey() {
        return true;
    }

    @Override
    public String defaultBaseUrl() {
        return DEFAULT_BASE_URL;
    }

    @Override
    public ProviderAdapter create(ProviderContext context) {
        return new MarketstackAdapter(context);
    }
}
