/**
 * The {@code alpaca} provider: Alpaca market data stock snapshots ({@code /v2/stocks/snapshots}), with a
 * key pair. Entry point: {@link io.quotegate.provider.alpaca.AlpacaProviderFactory}.
 */
@NullMarked
package io.quotegate.provider.alpaca;

import org.jspecify.annotations.NullMarked;
