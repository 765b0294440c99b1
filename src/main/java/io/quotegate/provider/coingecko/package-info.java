/**
 * The {@code coingecko} provider: CoinGecko {@code /simple/price} in USD, keyless or with a Demo/Pro key.
 * Entry point: {@link io.quotegate.provider.coingecko.CoinGeckoProviderFactory}.
 */
@NullMarked
package io.quotegate.provider.coingecko;

import org.jspecify.annotations.NullMarked;
