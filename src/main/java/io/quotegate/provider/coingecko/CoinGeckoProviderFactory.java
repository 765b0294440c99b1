package io.quotegate.provider.coingecko;

import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code coingecko} provider. Works without a key (IP-based, shared limits); with
 * {@code COINGECKO_API_KEY} the key goes in a header, never in the URL. One call costs 1 credit
 * whatever the number of ids ({@code cost: per-call}).
 */
@Component
class CoinGeckoProviderFactory implements ProviderFactory {

    @Override
    public String name() {
        return "coingecko";
    }

    @Override
    public boolean requiresKey() {
        return false;
    }

    @Override
    public ProviderAdapter create(ProviderContext context) {
        return new CoinGeckoAdapter(context.settings(), context.http(), context.clock());
    }
}
