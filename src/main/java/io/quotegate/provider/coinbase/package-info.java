/**
 * The {@code coinbase} provider: Coinbase Advanced Trade public market data
 * ({@code /api/v3/brokerage/market/products}), no key.
 * Entry point: {@link io.quotegate.provider.coinbase.CoinbaseProviderFactory}.
 */
@NullMarked
package io.quotegate.provider.coinbase;

import org.jspecify.annotations.NullMarked;
