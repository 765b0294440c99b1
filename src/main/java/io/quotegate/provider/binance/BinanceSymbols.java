package io.quotegate.provider.binance;

import io.quotegate.provider.SymbolBatch;
import io.quotegate.provider.SymbolRules;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Binance's symbol rules. Default mapping: {@code BASE/QUOTE} becomes {@code BASE + QUOTE}, with quote
 * {@code USD} read as {@code USDT} ({@code BTC/USD} → {@code BTCUSDT}, {@code ETH/BTC} → {@code ETHBTC}),
 * so several feed symbols may share one Binance symbol ({@code BTC/USD} and {@code BTC/USDT}); a symbol
 * without a slash is used as is. {@code quotegate.providers.binance.symbols} overrides it per feed symbol.
 * Everything is upper-cased. Symbols outside Binance's documented pattern {@code ^[A-Z0-9-_.]{1,20}$}
 * are refused locally: sent, they would fail the whole batch with -1100.
 */
final class BinanceSymbols {

    private static final Pattern VALID = Pattern.compile("[A-Z0-9_.-]{1,20}");

    static final SymbolRules RULES = SymbolRules.identity()
            .byDefault(BinanceSymbols::defaultSymbol)
            .normalize(s -> s.trim().toUpperCase(Locale.ROOT))
            .sendsOnly(s -> VALID.matcher(s).matches(), s -> "'" + s + "' is not a valid Binance symbol; not sent");

    private BinanceSymbols() {}

    static String defaultSymbol(String feedSymbol) {
        String s = feedSymbol.trim().toUpperCase(Locale.ROOT);
        int slash = s.indexOf('/');
        if (slash < 0) {
            return s;
        }
        String quote = s.substring(slash + 1);
        return s.substring(0, slash) + ("USD".equals(quote) ? "USDT" : quote);
    }

    /** The {@code symbols} parameter: a JSON array. Symbols match {@link #VALID}, so nothing needs escaping. */
    static String symbolsParam(SymbolBatch batch) {
        return batch.providerSymbols().stream().map(s -> '"' + s + '"').collect(Collectors.joining(",", "[", "]"));
    }
}
