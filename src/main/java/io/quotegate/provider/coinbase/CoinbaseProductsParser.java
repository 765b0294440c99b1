package io.quotegate.provider.coinbase;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code {"products":[{"product_id":"BTC-USD","price":"68925.98","price_percentage_change_24h":
 * "-0.28225832119521",...}],"num_products":2}}. Decimals are strings, read exactly; the percent change has
 * been seen with a trailing {@code %} (Coinbase's own example, {@code "9.43%"}) and empty, both accepted.
 * Coinbase gives no absolute change, so {@code change} is <b>derived</b> from price p and percent c as the
 * move since 24 h ago, {@code p * c / (100 + c)} (16 significant digits), null when c is.
 *
 * <p>A product is credited only to the id its {@code product_id} names; products not asked are never served.
 * Ids asked but absent are rejected as {@link Outcome#INVALID_SYMBOLS} ("not in response"); when one id was
 * asked and the answer names only others, as {@link Outcome#MALFORMED} with both names. A product without a
 * price is {@link Outcome#MALFORMED}; one whose trading is disabled, or whose status is {@code offline} or
 * {@code delisted}, has no current price and is rejected as {@link Outcome#INVALID_SYMBOLS}.
 */
final class CoinbaseProductsParser {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final Set<String> DEAD = Set.of("offline", "delisted");

    private CoinbaseProductsParser() {}

    /** @param asOf the quotes' time, which the products do not carry (see {@link CoinbaseAdapter}) */
    static ProviderResponse parse(JsonNode products, SymbolBatch batch, Instant asOf, String source) {
        Map<String, Quote> quotes = new LinkedHashMap<>();
        Map<String, SymbolRejection> rejected = new LinkedHashMap<>(batch.rejected());
        Set<String> answered = new LinkedHashSet<>();
        List<String> strangers = new ArrayList<>();
        for (JsonNode product : products) {
            String id = JsonValues.text(product.get("product_id"));
            String sent = batch.requested(id);
            if (sent == null) {
                if (id != null) {
                    strangers.add(id);
                }
                continue;
            }
            if (!answered.add(sent)) {
                continue;
            }
            BigDecimal price = JsonValues.decimal(product.get("price"));
            SymbolRejection why = refusal(product, sent, price);
            for (String feed : batch.feedSymbolsByProviderSymbol().getOrDefault(sent, List.of())) {
                if (why != null || price == null) {
                    rejected.put(feed, why == null ? noPrice(sent) : why);
                } else {
                    BigDecimal percent = percent(product.get("price_percentage_change_24h"));
                    quotes.put(feed, Quote.of(feed, price, change(price, percent), percent, asOf, source));
                }
            }
        }
        batch.feedSymbolsByProviderSymbol().forEach((sent, feeds) -> {
            if (!answered.contains(sent)) {
                SymbolRejection why = batch.isSingle() && !strangers.isEmpty()
                        ? new SymbolRejection(
                                Outcome.MALFORMED,
                                "coinbase answered for " + String.join(", ", strangers) + ", asked " + sent)
                        : new SymbolRejection(Outcome.INVALID_SYMBOLS, sent + " not in response");
                feeds.forEach(feed -> rejected.put(feed, why));
            }
        });
        return new ProviderResponse(quotes, rejected, ReportedUsage.NONE);
    }

    private static @Nullable SymbolRejection refusal(JsonNode product, String id, @Nullable BigDecimal price) {
        String status = JsonValues.text(product.get("status"));
        if (product.path("trading_disabled").asBoolean(false)
                || product.path("is_disabled").asBoolean(false)
                || (status != null && DEAD.contains(status.toLowerCase(Locale.ROOT)))) {
            return new SymbolRejection(
                    Outcome.INVALID_SYMBOLS,
                    "coinbase lists " + id + " as not trading (status " + status + "): no current price");
        }
        return price == null || price.signum() <= 0 ? noPrice(id) : null;
    }

    private static SymbolRejection noPrice(String id) {
        return new SymbolRejection(Outcome.MALFORMED, "coinbase sent no positive price for " + id);
    }

    /** The percent change, also when written with a trailing {@code %}; null when absent, empty or unreadable. */
    static @Nullable BigDecimal percent(@Nullable JsonNode node) {
        String text = JsonValues.text(node);
        if (text != null && text.endsWith("%")) {
            text = text.substring(0, text.length() - 1).trim();
        }
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static @Nullable BigDecimal change(BigDecimal price, @Nullable BigDecimal percent) {
        if (percent == null || percent.compareTo(HUNDRED.negate()) == 0) {
            return null;
        }
        return price.multiply(percent).divide(HUNDRED.add(percent), MathContext.DECIMAL64);
    }
}
