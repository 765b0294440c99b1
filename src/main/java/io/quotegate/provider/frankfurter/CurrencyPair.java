package io.quotegate.provider.frankfurter;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A currency pair {@code BASE/QUOTE}: the price of one unit of {@code base} in {@code quote}
 * (EUR/USD 1.05 means one euro costs 1.05 dollars).
 */
record CurrencyPair(String base, String quote) {

    static final String USD = "USD";

    /** {@code EUR/USD}, {@code EUR-USD}, {@code EUR_USD} or {@code EURUSD}, any case. */
    private static final Pattern PAIR = Pattern.compile("([A-Za-z]{3})[/\\-_]?([A-Za-z]{3})");

    /** The pair named by {@code text}, or empty when it is not two distinct ISO-style codes. */
    static Optional<CurrencyPair> parse(String text) {
        Matcher m = PAIR.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String base = m.group(1).toUpperCase(Locale.ROOT);
        String quote = m.group(2).toUpperCase(Locale.ROOT);
        return base.equals(quote) ? Optional.empty() : Optional.of(new CurrencyPair(base, quote));
    }

    @Override
    public String toString() {
        return base + "/" + quote;
    }
}
