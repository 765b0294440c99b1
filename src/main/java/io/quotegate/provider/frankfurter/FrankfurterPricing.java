package io.quotegate.provider.frankfurter;

import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns USD-based rates into pair prices. With {@code r[C]} = units of C per USD (and
 * {@code r[USD] = 1}): {@code X/USD = 1 / r[X]}, {@code USD/Y = r[Y]}, and a cross
 * {@code X/Y = r[Y] / r[X]}.
 *
 * <ul>
 *   <li>Prices are rounded half-up to {@value #SIGNIFICANT_DIGITS} significant digits (never
 *       padded): Frankfurter itself rounds rebased rates to 4&ndash;5 significant digits, so more
 *       digits would be noise. A direct {@code USD/Y} rate keeps the digits Frankfurter sent.</li>
 *   <li>{@code change} and {@code changePercent} are null: reference rates carry no change.</li>
 *   <li>{@code asOf} is the reference date at 00:00 UTC. The ECB publishes around 16:00 CET, so
 *       this is the day the rate is valid for, not the moment it was published.</li>
 *   <li>Every quote is marked {@link Quote#asReference() reference}.</li>
 * </ul>
 */
final class FrankfurterPricing {

    static final int SIGNIFICANT_DIGITS = 6;

    private static final MathContext ROUNDING = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_UP);

    private final String source;

    FrankfurterPricing(String source) {
        this.source = source;
    }

    /**
     * @param pairs    the feed symbols to price, with their pairs
     * @param rejected feed symbols already rejected before the call; kept in the response
     */
    ProviderResponse price(
            FrankfurterRates rates, Map<String, CurrencyPair> pairs, Map<String, SymbolRejection> rejected) {
        Instant asOf = rates.date().atStartOfDay(ZoneOffset.UTC).toInstant();
        Map<String, Quote> quotes = new LinkedHashMap<>();
        Map<String, SymbolRejection> out = new LinkedHashMap<>(rejected);
        pairs.forEach((feedSymbol, pair) -> {
            BigDecimal price = price(pair, rates.perUsd());
            if (price == null) {
                out.put(
                        feedSymbol,
                        new SymbolRejection(
                                Outcome.INVALID_SYMBOLS,
                                pair + ": " + missing(pair, rates.perUsd()) + " not in response"));
            } else {
                quotes.put(
                        feedSymbol,
                        Quote.of(feedSymbol, price, null, null, asOf, source).asReference());
            }
        });
        return new ProviderResponse(quotes, out, ReportedUsage.NONE);
    }

    /** The price of one {@code pair.base()} in {@code pair.quote()}, or null when a rate is missing. */
    static @Nullable BigDecimal price(CurrencyPair pair, Map<String, BigDecimal> perUsd) {
        BigDecimal base = perUsd(pair.base(), perUsd);
        BigDecimal quote = perUsd(pair.quote(), perUsd);
        if (base == null || quote == null) {
            return null;
        }
        BigDecimal price = base.compareTo(BigDecimal.ONE) == 0 ? quote.round(ROUNDING) : quote.divide(base, ROUNDING);
        return price.scale() < 0 ? price.setScale(0) : price;
    }

    private static @Nullable BigDecimal perUsd(String currency, Map<String, BigDecimal> perUsd) {
        return CurrencyPair.USD.equals(currency) ? BigDecimal.ONE : perUsd.get(currency);
    }

    private static String missing(CurrencyPair pair, Map<String, BigDecimal> perUsd) {
        return perUsd(pair.base(), perUsd) == null ? pair.base() : pair.quote();
    }
}
