package io.quotegate.provider.alpaca;

import io.quotegate.provider.SymbolRules;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Alpaca's stock symbols: a feed symbol is sent as it is, upper-cased ({@code AAPL}, {@code BRK.B}), unless
 * {@code quotegate.providers.alpaca.symbols} overrides it. This adapter asks the stock endpoint only, so a
 * feed symbol with a slash (a currency or crypto pair) is refused, as is any symbol outside
 * {@code [A-Z0-9.-]}: a comma would split the {@code symbols} list. The answer is keyed by the symbol
 * asked, and a quote is credited only to the symbol its key names.
 */
final class AlpacaSymbols {

    private static final Pattern VALID = Pattern.compile("[A-Z0-9][A-Z0-9.-]{0,14}");

    static final SymbolRules RULES = SymbolRules.identity()
            .servesOnly(feed -> !feed.contains("/"), "alpaca serves US stocks and ETFs here, not pairs; not sent")
            .normalize(s -> s.trim().toUpperCase(Locale.ROOT))
            .sendsOnly(s -> VALID.matcher(s).matches(), s -> "'" + s + "' is not a valid stock symbol; not sent");

    private AlpacaSymbols() {}
}
