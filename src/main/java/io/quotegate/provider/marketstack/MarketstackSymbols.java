package io.quotegate.provider.marketstack;

import io.quotegate.provider.SymbolRules;
import java.util.Locale;
import java.util.Map;

/**
 * Maps feed index symbols to Marketstack tickers and back.
 *
 * <p>The defaults use the {@code <TICKER>.INDX} form that Marketstack v1 served index EOD bars
 * under (e.g. {@code DJI.INDX}, apilayer/marketstack issue #13). They are <b>best guesses</b>: none
 * was verified against a live v2 key, and v2 also lists indices under {@code /indexlist}. Override
 * any of them with {@code quotegate.providers.marketstack.symbols.<FEED>=<TICKER>}. A feed symbol
 * with no default maps to itself plus {@code .INDX}, or to itself when it already has a suffix.
 */
final class MarketstackSymbols {

    static final String INDEX_SUFFIX = ".INDX";

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("SPX", "GSPC.INDX"),
            Map.entry("NDX", "NDX.INDX"),
            Map.entry("DJI", "DJI.INDX"),
            Map.entry("RUT", "RUT.INDX"),
            Map.entry("FTSE", "FTSE.INDX"),
            Map.entry("DAX", "GDAXI.INDX"),
            Map.entry("CAC", "FCHI.INDX"),
            Map.entry("SX5E", "STOXX50E.INDX"),
            Map.entry("IBEX", "IBEX.INDX"),
            Map.entry("SMI", "SSMI.INDX"),
            Map.entry("N225", "N225.INDX"),
            Map.entry("HSI", "HSI.INDX"),
            Map.entry("SSEC", "SSEC.INDX"),
            Map.entry("KOSPI", "KS11.INDX"),
            Map.entry("SENSEX", "BSESN.INDX"),
            Map.entry("ASX", "AXJO.INDX"));

    /** Tickers are sent upper-cased (Marketstack echoes them upper-case), so answers map back by {@link #key}. */
    static final SymbolRules RULES =
            SymbolRules.identity().byDefault(MarketstackSymbols::defaultTicker).normalize(MarketstackSymbols::key);

    private MarketstackSymbols() {}

    /** The adapter's own guess for a feed symbol, before configured overrides. */
    static String defaultTicker(String feedSymbol) {
        String mapped = DEFAULTS.get(feedSymbol.toUpperCase(Locale.ROOT));
        if (mapped != null) {
            return mapped;
        }
        return feedSymbol.contains(".") ? feedSymbol : feedSymbol + INDEX_SUFFIX;
    }

    static String key(String ticker) {
        return ticker.trim().toUpperCase(Locale.ROOT);
    }
}
