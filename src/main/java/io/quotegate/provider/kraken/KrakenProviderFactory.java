package io.quotegate.provider.kraken;

import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code kraken} provider: Kraken's public ticker, no API key. One call serves a whole batch and
 * costs one request ({@code cost: per-call}); Kraken limits public calls per IP and says "1 per second
 * (or less) would remain within the rate limits". Batches are split by the length of their query
 * ({@code max-query-length}), since Kraken documents no maximum number of pairs but fails long URLs.
 */
@Component
class KrakenProviderFactory implements ProviderFactory {

    static final String NAME = "kraken";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.kraken.com";
    }

    @Override
    public ProviderAdapter create(ProviderContext context) {
        return new KrakenAdapter(context.settings(), context.http(), context.clock());
    }
}
