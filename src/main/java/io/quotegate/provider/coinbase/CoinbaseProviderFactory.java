package io.quotegate.provider.coinbase;

import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code coinbase} provider: Coinbase Advanced Trade's public product list, no API key. One call
 * serves a whole batch and costs one request ({@code cost: per-call}); public endpoints allow 10 requests
 * a second per IP (Coinbase Exchange documents bursts of 15).
 */
@Component
class CoinbaseProviderFactory implements ProviderFactory {

    static final String NAME = "coinbase";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultBaseUrl() {
        return "https://api.coinbase.com";
    }

    @Override
    public ProviderAdapter create(ProviderContext context) {
        return new CoinbaseAdapter(context.settings(), context.http(), context.clock());
    }
}
