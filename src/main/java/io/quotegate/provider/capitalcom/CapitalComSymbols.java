package io.quotegate.provider.capitalcom;

import io.quotegate.provider.SymbolRules;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Capital.com's symbols ("epics"). The default mapping names the epics of the shipped index and commodity
 * symbols; every other feed symbol loses its slash ({@code EUR/USD} → {@code EURUSD}, {@code BTC/USD} →
 * {@code BTCUSD}) or stays as it is ({@code AAPL}). {@code quotegate.providers.capitalcom.symbols} overrides it.
 *
 * <p>Sources: {@code US500}, {@code SILVER}, {@code NATURALGAS}, {@code GOLD} and {@code OIL_CRUDE} appear in
 * Capital.com's own documentation examples; the other index and commodity epics come from third-party client
 * code and are UNCONFIRMED (README, "Capital.com"): check them with {@code GET /api/v1/markets?searchTerm=}.
 * Prices are CFD quotes on the index, not the exchange's index level, and are only asked while the exchange is
 * open (the market gate). Indices without a known epic (RUT, SX5E, IBEX, SMI, SSEC, KOSPI, SENSEX) are refused
 * without being sent, with a reason naming the key that maps one; nothing is presented as an index that is not.
 */
final class CapitalComSymbols {

    /** At most this many epics per call (Capital.com's documented maximum). */
    static final int MAX_EPICS = 50;

    private static final Map<String, String> EPICS = Map.ofEntries(
            Map.entry("SPX", "US500"),
            Map.entry("NDX", "US100"),
            Map.entry("DJI", "US30"),
            Map.entry("FTSE", "UK100"),
            Map.entry("DAX", "DE40"),
            Map.entry("CAC", "FR40"),
            Map.entry("N225", "JP225"),
            Map.entry("HSI", "HK50"),
            Map.entry("ASX", "AU200"),
            Map.entry("XAU/USD", "GOLD"),
            Map.entry("XAG/USD", "SILVER"),
            Map.entry("XPT/USD", "PLATINUM"),
            Map.entry("XPD/USD", "PALLADIUM"),
            Map.entry("WTI/USD", "OIL_CRUDE"),
            Map.entry("BRENT/USD", "OIL_BRENT"),
            Map.entry("NG/USD", "NATURALGAS"),
            Map.entry("XCU/USD", "COPPER"));

    /** Shipped index symbols with no epic we could confirm: not sent unless mapped. */
    private static final Set<String> NO_EPIC = Set.of("RUT", "SX5E", "IBEX", "SMI", "SSEC", "KOSPI", "SENSEX");

    private static final String UNMAPPED = "";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1,40}");

    static final SymbolRules RULES = SymbolRules.identity()
            .byDefault(CapitalComSymbols::defaultEpic)
            .sendsOnly(
                    epic -> VALID.matcher(epic).matches(),
                    epic -> epic.isEmpty()
                            ? "no Capital.com epic is known for this index; map one in"
                                    + " quotegate.providers.capitalcom.symbols (GET /api/v1/markets?searchTerm= finds it)"
                            : "'" + epic + "' cannot be a Capital.com epic; not sent");

    private CapitalComSymbols() {}

    static String defaultEpic(String feedSymbol) {
        String symbol = feedSymbol.trim();
        if (NO_EPIC.contains(symbol)) {
            return UNMAPPED;
        }
        return EPICS.getOrDefault(symbol, symbol.replace("/", ""));
    }
}
