package io.quotegate.provider.binance;

import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code binance} provider: public spot market data, no API key.
 *
 * <p>One call is {@code GET /api/v3/ticker/24hr?symbols=[...]}, which Binance weighs at
 * <b>2 for 1–20 symbols</b>, 40 for 21–100 and 80 beyond. The configuration therefore sets
 * {@code max-batch: 20} and {@code cost: weight:2}; a larger max-batch would make the ledger
 * under-count, so creating the adapter with one logs a warning. Use the market-data-only host
 * {@code https://data-api.binance.vision} as base URL (same paths, same weights).
 */
@Component
class BinanceProviderFactory implements ProviderFactory {

    /** The largest batch that still costs weight 2 on {@code /api/v3/ticker/24hr}. */
    static final int WEIGHT_2_MAX_SYMBOLS = 20;

    private static final Logger log = LoggerFactory.getLogger(BinanceProviderFactory.class);

    @Override
    public String name() {
        return "binance";
    }

    @Override
    public boolean requiresKey() {
        return false;
    }

    @Override
    public ProviderAdapter create(ProviderContext context) {
        if (context.settings().maxBatch() > WEIGHT_2_MAX_SYMBOLS) {
            log.warn(
                    "quotegate.providers.{}.max-batch={} exceeds {}: Binance charges weight 40 (not 2) for "
                            + "21-100 symbols, so the configured cost under-counts",
                    context.settings().name(),
                    context.settings().maxBatch(),
                    WEIGHT_2_MAX_SYMBOLS);
        }
        return new BinanceAdapter(context.settings(), context.http(), context.clock());
    }
}
