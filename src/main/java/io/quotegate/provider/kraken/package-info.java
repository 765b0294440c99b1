/**
 * The {@code kraken} provider: Kraken's public spot ticker ({@code /0/public/Ticker}), no key.
 * Entry point: {@link io.quotegate.provider.kraken.KrakenProviderFactory}.
 */
@NullMarked
package io.quotegate.provider.kraken;

import org.jspecify.annotations.NullMarked;
