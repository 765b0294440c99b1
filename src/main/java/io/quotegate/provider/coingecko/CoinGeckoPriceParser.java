package io.quotegate.provider.coingecko;

import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import io.quotegate.provider.SymbolBatch;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code /simple/price} bodies, the same shape for one or many ids:
 * {@code {"bitcoin":{"usd":67187.33,"usd_24h_change":3.64,"last_updated_at":1711356300}}}.
 * Numbers are JSON numbers, read exactly as {@link BigDecimal} (strings are accepted too).
 *
 * <p>{@code changePercent} is {@code usd_24h_change}, which CoinGecko may send as {@code null}. CoinGecko
 * gives no absolute change, so {@code change} is <b>derived</b> from price p and percent c as the move
 * since the price 24 h ago, {@code p - p / (1 + c/100) = p * c / (100 + c)} (16 significant digits),
 * and is null when c is. {@code last_updated_at} (epoch seconds) is the quote time. Ids absent from the
 * answer (CoinGecko omits unknown ids) or without a {@code usd} price are rejected as invalid.
 */
final class CoinGeckoPriceParser {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private CoinGeckoPriceParser() {}

    static ProviderResponse parse(JsonNode body, SymbolBatch batch, Instant now, String source) {
        Map<String, Quote> quotes = new LinkedHashMap<>();
        Map<String, SymbolRejection> rejected = new LinkedHashMap<>(batch.rejected());
        batch.feedSymbolsByProviderSymbol().forEach((id, feeds) -> {
            JsonNode coin = body.path(id);
            BigDecimal price = JsonValues.decimal(coin.path("usd"));
            for (String feed : feeds) {
                if (!coin.isObject()) {
                    rejected.put(
                            feed, new SymbolRejection(Outcome.INVALID_SYMBOLS, "coingecko knows no id '" + id + "'"));
                } else if (price == null || price.signum() <= 0) {
                    rejected.put(
                            feed,
                            new SymbolRejection(
                                    Outcome.INVALID_SYMBOLS, "coingecko has no usd price for '" + id + "'"));
                } else {
                    BigDecimal percent = JsonValues.decimal(coin.path("usd_24h_change"));
                    quotes.put(feed, Quote.of(feed, price, change(price, percent), percent, asOf(coin, now), source));
                }
            }
        });
        return new ProviderResponse(quotes, rejected, ReportedUsage.NONE);
    }

    /** The absolute 24 h change implied by the price and the percent change; null when the percent is. */
    static @Nullable BigDecimal change(BigDecimal price, @Nullable BigDecimal percent) {
        if (percent == null || percent.compareTo(HUNDRED.negate()) == 0) {
            return null;
        }
        return price.multiply(percent).divide(HUNDRED.add(percent), MathContext.DECIMAL64);
    }

    private static Instant asOf(JsonNode coin, Instant now) {
        BigDecimal seconds = JsonValues.decimal(coin.path("last_updated_at"));
        return seconds == null || seconds.signum() <= 0 ? now : Instant.ofEpochSecond(seconds.longValue());
    }
}
