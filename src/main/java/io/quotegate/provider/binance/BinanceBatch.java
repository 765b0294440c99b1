package io.quotegate.provider.binance;

import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import io.quotegate.provider.ProviderSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One batch translated to Binance symbols: which feed symbols each Binance symbol serves (several
 * feed symbols may share one, e.g. {@code BTC/USD} and {@code BTC/USDT}), and the feed symbols
 * refused before sending because their Binance symbol cannot be valid.
 *
 * <p>Default mapping: {@code BASE/QUOTE} becomes {@code BASE + QUOTE}, with quote {@code USD} read as
 * {@code USDT} ({@code BTC/USD} → {@code BTCUSDT}, {@code ETH/BTC} → {@code ETHBTC}); a symbol without
 * a slash is used as is. {@code quotegate.providers.binance.symbols} overrides it per feed symbol.
 * Everything is upper-cased. Symbols outside Binance's documented pattern {@code ^[A-Z0-9-_.]{1,20}$}
 * are refused locally: sent, they would fail the whole batch with -1100.
 */
record BinanceBatch(Map<String, List<String>> feedSymbolsByBinance, Map<String, SymbolRejection> rejected) {

    private static final Pattern VALID = Pattern.compile("[A-Z0-9_.-]{1,20}");

    static BinanceBatch of(List<String> feedSymbols, ProviderSettings settings) {
        Map<String, List<String>> byBinance = new LinkedHashMap<>();
        Map<String, SymbolRejection> rejected = new LinkedHashMap<>();
        for (String feed : feedSymbols) {
            String binance = settings.providerSymbol(feed, defaultSymbol(feed)).trim().toUpperCase(Locale.ROOT);
            if (VALID.matcher(binance).matches()) {
                List<String> feeds = byBinance.computeIfAbsent(binance, k -> new ArrayList<>());
                if (!feeds.contains(feed)) {
                    feeds.add(feed);
                }
            } else {
                rejected.put(feed, new SymbolRejection(Outcome.INVALID_SYMBOLS,
                        "'" + binance + "' is not a valid Binance symbol; not sent"));
            }
        }
        return new BinanceBatch(byBinance, rejected);
    }

    static String defaultSymbol(String feedSymbol) {
        String s = feedSymbol.trim().toUpperCase(Locale.ROOT);
        int slash = s.indexOf('/');
        if (slash < 0) {
            return s;
        }
        String quote = s.substring(slash + 1);
        return s.substring(0, slash) + ("USD".equals(quote) ? "USDT" : quote);
    }

    boolean isEmpty() {
        return feedSymbolsByBinance.isEmpty();
    }

    /** The {@code symbols} parameter: a JSON array. Symbols match {@link #VALID}, so nothing needs escaping. */
    String symbolsParam() {
        return feedSymbolsByBinance.keySet().stream().map(s -> '"' + s + '"').collect(Collectors.joining(",", "[", "]"));
    }

    /** The feed symbols to blame for -1121: all of them when one Binance symbol was sent, else none (caller bisects). */
    Set<String> blamedForInvalidSymbol() {
        return feedSymbolsByBinance.size() == 1 ? Set.copyOf(feedSymbolsByBinance.values().iterator().next()) : Set.of();
    }
}
