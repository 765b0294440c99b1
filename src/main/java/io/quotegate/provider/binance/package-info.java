/**
 * The {@code binance} provider: Binance public spot market data ({@code /api/v3/ticker/24hr}), no key.
 * Entry point: {@link io.quotegate.provider.binance.BinanceProviderFactory}.
 */
@NullMarked
package io.quotegate.provider.binance;

import org.jspecify.annotations.NullMarked;
