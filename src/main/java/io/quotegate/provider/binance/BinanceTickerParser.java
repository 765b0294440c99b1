package io.quotegate.provider.binance;

import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import io.quotegate.provider.SymbolBatch;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code /api/v3/ticker/24hr} bodies: an array with {@code symbols=[...]}, a single object with
 * {@code symbol=X}; both are accepted whichever was sent. Prices are JSON strings ({@code "4.00000200"})
 * and are read exactly as {@link BigDecimal}; numbers are accepted too. Uses {@code lastPrice},
 * {@code priceChange}, {@code priceChangePercent} and {@code closeTime} (epoch ms) as the quote time: the
 * end of the ticker's rolling 24 h window ("End of the ticker interval", the spot API docs), about when the
 * request was served; {@code lastPrice} is the last price within it. A ticker is credited only to the
 * symbol its own {@code symbol} names; tickers of symbols not asked are never served, and make a missing
 * asked symbol {@code malformed} rather than unknown.
 */
final class BinanceTickerParser {

    private BinanceTickerParser() {}

    /** Whether a readable body is Binance's error object ({@code {"code":-1121,"msg":"..."}}) rather than a ticker. */
    static boolean isError(JsonNode body) {
        return body.isObject() && body.has("code") && !body.has("symbol");
    }

    static ProviderResponse parse(JsonNode body, SymbolBatch batch, ReportedUsage usage, Instant now, String source) {
        Map<String, Quote> quotes = new LinkedHashMap<>();
        Map<String, SymbolRejection> rejected = new LinkedHashMap<>(batch.rejected());
        Set<String> seen = new HashSet<>();
        Set<String> unasked = new java.util.LinkedHashSet<>();
        Iterable<JsonNode> tickers = body.isArray() ? body : List.of(body);
        for (JsonNode ticker : tickers) {
            String symbol = ticker.path("symbol").stringValue(null);
            List<String> feeds =
                    symbol == null ? null : batch.feedSymbolsByProviderSymbol().get(symbol);
            if (feeds == null && symbol != null) {
                unasked.add(symbol);
            }
            if (feeds == null || !seen.add(symbol)) {
                continue;
            }
            BigDecimal price = JsonValues.decimal(ticker.path("lastPrice"));
            for (String feed : feeds) {
                if (price == null || price.signum() <= 0) {
                    rejected.put(
                            feed,
                            new SymbolRejection(
                                    Outcome.MALFORMED,
                                    "Binance sent no positive lastPrice for " + symbol + " (not trading?)"));
                } else {
                    quotes.put(
                            feed,
                            Quote.of(
                                    feed,
                                    price,
                                    JsonValues.decimal(ticker.path("priceChange")),
                                    JsonValues.decimal(ticker.path("priceChangePercent")),
                                    closeTime(ticker, now),
                                    source));
                }
            }
        }
        batch.feedSymbolsByProviderSymbol().forEach((symbol, feeds) -> {
            if (!seen.contains(symbol)) {
                // Tickers of symbols nobody asked for make the answer no verdict on the missing one: malformed.
                SymbolRejection why = unasked.isEmpty()
                        ? new SymbolRejection(Outcome.INVALID_SYMBOLS, "Binance returned no ticker for " + symbol)
                        : new SymbolRejection(
                                Outcome.MALFORMED,
                                "Binance answered for " + String.join(",", unasked) + ", asked " + symbol);
                feeds.forEach(feed -> rejected.put(feed, why));
            }
        });
        return new ProviderResponse(quotes, rejected, usage);
    }

    private static Instant closeTime(JsonNode ticker, Instant now) {
        BigDecimal millis = JsonValues.decimal(ticker.path("closeTime"));
        return millis == null || millis.signum() <= 0 ? now : Instant.ofEpochMilli(millis.longValue());
    }
}
