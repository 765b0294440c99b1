package io.quotegate.provider.coingecko;

import io.quotegate.provider.SymbolRules;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CoinGecko's symbol rules: feed symbols become coin ids (several feed symbols may share an id).
 *
 * <p>Only {@code BASE/USD} feed symbols are served, because every call asks {@code vs_currencies=usd};
 * others are rejected as invalid without being sent. The id is the configured override
 * ({@code quotegate.providers.coingecko.symbols}), else a built-in id for the common bases
 * ({@link #KNOWN_IDS}), else the <b>lower-cased base</b> ({@code PEPE/USD} → {@code pepe}), which is right
 * for many coins but not all: CoinGecko ids are names, not tickers, so configure an override when it is not.
 * Ids are lower-cased; ids with characters outside {@code [a-z0-9._-]} are refused locally, since a comma
 * would split the {@code ids} list.
 */
final class CoinGeckoSymbols {

    static final Map<String, String> KNOWN_IDS = Map.of(
            "BTC",
            "bitcoin",
            "ETH",
            "ethereum",
            "SOL",
            "solana",
            "BNB",
            "binancecoin",
            "XRP",
            "ripple",
            "ADA",
            "cardano",
            "DOGE",
            "dogecoin",
            "AVAX",
            "avalanche-2");

    private static final Pattern VALID_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    static final SymbolRules RULES = SymbolRules.identity()
            .servesOnly(
                    CoinGeckoSymbols::isUsdPair, "coingecko serves only BASE/USD symbols (vs_currencies=usd); not sent")
            .byDefault(CoinGeckoSymbols::defaultId)
            .normalize(id -> id.trim().toLowerCase(Locale.ROOT))
            .sendsOnly(
                    id -> VALID_ID.matcher(id).matches(), id -> "'" + id + "' is not a valid CoinGecko id; not sent");

    private CoinGeckoSymbols() {}

    private static boolean isUsdPair(String feedSymbol) {
        String[] parts = parts(feedSymbol);
        return parts.length == 2 && !parts[0].isEmpty() && "USD".equals(parts[1]);
    }

    /** The built-in id of a {@code BASE/USD} feed symbol, else the lower-cased base. */
    static String defaultId(String feedSymbol) {
        String base = parts(feedSymbol)[0];
        return KNOWN_IDS.getOrDefault(base, base.toLowerCase(Locale.ROOT));
    }

    private static String[] parts(String feedSymbol) {
        return feedSymbol.trim().toUpperCase(Locale.ROOT).split("/", -1);
    }
}
