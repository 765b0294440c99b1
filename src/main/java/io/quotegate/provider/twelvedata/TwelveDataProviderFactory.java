package io.quotegate.provider.twelvedata;

import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code twelvedata} provider: FX, crypto and metals latest quotes from Twelve Data's batch
 * {@code GET /quote?symbol=A,B,C} (1 API credit per symbol). Needs an API key, sent in the
 * {@code Authorization: apikey <key>} header, never in the URL.
 */
@Component
class TwelveDataProviderFactory implements ProviderFactory {

    static final String NAME = "twelvedata";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean requiresKey() {
        return true;
    }

    @Override
    public ProviderAdapter create(ProviderContext context) {
        return new TwelveDataAdapter(context);
    }
}
