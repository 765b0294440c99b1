package io.quotegate.provider.alpaca;

import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code alpaca} provider: US stocks and ETFs from Alpaca's market data API. Needs a key pair, from
 * {@code ALPACA_API_KEY_ID} and {@code ALPACA_API_SECRET_KEY}; without either half it is disabled, naming
 * the missing one. The free plan gives IEX prices and 200 calls a minute per account; one call serves a
 * whole batch ({@code cost: per-call}).
 */
@Component
class AlpacaProviderFactory implements ProviderFactory {

    static final String NAME = "alpaca";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean requiresKey() {
        return true;
    }

    @Override
    public String keyVariable() {
        return "ALPACA_API_KEY_ID";
    }

    @Override
    public boolean requiresSecret() {
        return true;
    }

    @Override
    public String secretVariable() {
        return "ALPACA_API_SECRET_KEY";
    }

    @Override
    public String defaultBaseUrl() {
        return "https://data.alpaca.markets";
    }

    @Override
    public ProviderAdapter create(ProviderContext context) {
        return new AlpacaAdapter(context.settings(), context.http(), context.clock());
    }
}
