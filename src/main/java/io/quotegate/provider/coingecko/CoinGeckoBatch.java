package io.quotegate.provider.coingecko;

import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import io.quotegate.provider.ProviderSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One batch translated to CoinGecko coin ids (several feed symbols may share an id).
 *
 * <p>Only {@code BASE/USD} feed symbols are served, because every call asks {@code vs_currencies=usd};
 * others are rejected as invalid without being sent. The id is the configured override
 * ({@code quotegate.providers.coingecko.symbols}), else a built-in id for the common bases
 * ({@link #KNOWN_IDS}), else the <b>lower-cased base</b> ({@code PEPE/USD} → {@code pepe}), which is right
 * for many coins but not all: CoinGecko ids are names, not tickers, so configure an override when it is not.
 * Ids are lower-cased; ids with characters outside {@code [a-z0-9._-]} are refused locally, since a comma
 * would split the {@code ids} list.
 */
record CoinGeckoBatch(Map<String, List<String>> feedSymbolsById, Map<String, SymbolRejection> rejected) {

    static final Map<String, String> KNOWN_IDS = Map.of(
            "BTC", "bitcoin", "ETH", "ethereum", "SOL", "solana", "BNB", "binancecoin",
            "XRP", "ripple", "ADA", "cardano", "DOGE", "dogecoin", "AVAX", "avalanche-2");

    private static final Pattern VALID_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

    static CoinGeckoBatch of(List<String> feedSymbols, ProviderSettings settings) {
        Map<String, List<String>> byId = new LinkedHashMap<>();
        Map<String, SymbolRejection> rejected = new LinkedHashMap<>();
        for (String feed : feedSymbols) {
            String[] parts = feed.trim().toUpperCase(Locale.ROOT).split("/", -1);
            if (parts.length != 2 || parts[0].isEmpty() || !"USD".equals(parts[1])) {
                rejected.put(feed, new SymbolRejection(Outcome.INVALID_SYMBOLS,
                        "coingecko serves only BASE/USD symbols (vs_currencies=usd); not sent"));
                continue;
            }
            String fallback = KNOWN_IDS.getOrDefault(parts[0], parts[0].toLowerCase(Locale.ROOT));
            String id = settings.providerSymbol(feed, fallback).trim().toLowerCase(Locale.ROOT);
            if (!VALID_ID.matcher(id).matches()) {
                rejected.put(feed, new SymbolRejection(Outcome.INVALID_SYMBOLS,
                        "'" + id + "' is not a valid CoinGecko id; not sent"));
                continue;
            }
            List<String> feeds = byId.computeIfAbsent(id, k -> new ArrayList<>());
            if (!feeds.contains(feed)) {
                feeds.add(feed);
            }
        }
        return new CoinGeckoBatch(byId, rejected);
    }

    boolean isEmpty() {
        return feedSymbolsById.isEmpty();
    }

    /** The {@code ids} parameter: comma-separated, as CoinGecko documents. */
    String idsParam() {
        return String.join(",", feedSymbolsById.keySet());
    }
}
