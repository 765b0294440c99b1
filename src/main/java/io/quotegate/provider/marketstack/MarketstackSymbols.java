package io.quotegate.provider.marketstack;

import io.quotegate.provider.ProviderSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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

    private final ProviderSettings settings;

    MarketstackSymbols(ProviderSettings settings) {
        this.settings = settings;
    }

    /** The adapter's own guess for a feed symbol, before configured overrides. */
    static String defaultTicker(String feedSymbol) {
        String mapped = DEFAULTS.get(feedSymbol.toUpperCase(Locale.ROOT));
        if (mapped != null) {
            return mapped;
        }
        return feedSymbol.contains(".") ? feedSymbol : feedSymbol + INDEX_SUFFIX;
    }

    /** The ticker sent for a feed symbol: the configured override, else {@link #defaultTicker}. */
    String ticker(String feedSymbol) {
        return settings.providerSymbol(feedSymbol, defaultTicker(feedSymbol)).trim();
    }

    /**
     * Groups a batch by ticker, in request order, so answers can be mapped back. Keys are the
     * tickers upper-cased (Marketstack echoes tickers upper-case); several feed symbols may share
     * one ticker through overrides, and duplicates in the batch are dropped.
     */
    Map<String, List<String>> byTicker(Collection<String> feedSymbols) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String feedSymbol : feedSymbols) {
            List<String> feeds = out.computeIfAbsent(key(ticker(feedSymbol)), k -> new ArrayList<>());
            if (!feeds.contains(feedSymbol)) {
                feeds.add(feedSymbol);
            }
        }
        return out;
    }

    static String key(String ticker) {
        return ticker.trim().toUpperCase(Locale.ROOT);
    }
}
