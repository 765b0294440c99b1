package io.quotegate.provider.alpaca;

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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code /v2/stocks/snapshots}: a map from the symbol asked to its snapshot, or to {@code null} when
 * Alpaca knows no such symbol ({@code "INVALID": null}). Numbers are JSON numbers, read exactly.
 *
 * <p><b>Price and time.</b> The price is {@code latestTrade.p} and its time {@code latestTrade.t}, the time
 * of that trade (RFC 3339, to the nanosecond). Not {@code latestQuote.t}: that is when the bid and ask last
 * changed, which can be much later than the last trade and would make an old price look current. Not a bar:
 * a bar's {@code t} is the start of its interval, not the time of any price. {@code change} is against
 * {@code prevDailyBar.c}, the close of the session before the daily bar's; null when Alpaca sends no
 * previous bar ({@code "prevDailyBar": null}).
 *
 * <p>A snapshot is credited only to the symbol its key names; keys not asked are never served. A symbol
 * answered {@code null} or absent is rejected as {@link Outcome#INVALID_SYMBOLS}; when one symbol was asked
 * and the answer names only others, as {@link Outcome#MALFORMED} with both names. A snapshot without a
 * positive trade price or a readable trade time is {@link Outcome#MALFORMED}: no time is ever made up.
 */
final class AlpacaSnapshotParser {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private AlpacaSnapshotParser() {}

    static ProviderResponse parse(JsonNode body, SymbolBatch batch, ReportedUsage usage, String source) {
        Map<String, Quote> quotes = new LinkedHashMap<>();
        Map<String, SymbolRejection> rejected = new LinkedHashMap<>(batch.rejected());
        Set<String> answered = new LinkedHashSet<>();
        List<String> strangers = new ArrayList<>();
        for (var entry : body.properties()) {
            String sent = batch.requested(entry.getKey());
            if (sent == null) {
                strangers.add(entry.getKey());
                continue;
            }
            if (!answered.add(sent)) {
                continue;
            }
            JsonNode snapshot = entry.getValue();
            for (String feed : batch.feedSymbolsByProviderSymbol().getOrDefault(sent, List.of())) {
                read(feed, sent, snapshot, source, quotes, rejected);
            }
        }
        batch.feedSymbolsByProviderSymbol().forEach((sent, feeds) -> {
            if (!answered.contains(sent)) {
                SymbolRejection why = batch.isSingle() && !strangers.isEmpty()
                        ? new SymbolRejection(
                                Outcome.MALFORMED,
                                "alpaca answered for " + String.join(", ", strangers) + ", asked " + sent)
                        : new SymbolRejection(Outcome.INVALID_SYMBOLS, sent + " not in response");
                feeds.forEach(feed -> rejected.put(feed, why));
            }
        });
        return new ProviderResponse(quotes, rejected, usage);
    }

    private static void read(
            String feed,
            String sent,
            JsonNode snapshot,
            String source,
            Map<String, Quote> quotes,
            Map<String, SymbolRejection> rejected) {
        if (!snapshot.isObject()) {
            rejected.put(
                    feed,
                    new SymbolRejection(
                            Outcome.INVALID_SYMBOLS, "alpaca has no snapshot for " + sent + " (unknown symbol)"));
            return;
        }
        JsonNode trade = snapshot.path("latestTrade");
        BigDecimal price = JsonValues.decimal(trade.path("p"));
        Instant at = time(trade.path("t"));
        if (price == null || price.signum() <= 0 || at == null) {
            rejected.put(
                    feed,
                    new SymbolRejection(
                            Outcome.MALFORMED, "alpaca sent no latest trade with a price and a time for " + sent));
            return;
        }
        BigDecimal previous = JsonValues.decimal(snapshot.path("prevDailyBar").path("c"));
        quotes.put(feed, Quote.of(feed, price, change(price, previous), percent(price, previous), at, source));
    }

    private static @Nullable Instant time(JsonNode node) {
        String text = JsonValues.text(node);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static @Nullable BigDecimal change(BigDecimal price, @Nullable BigDecimal previous) {
        return previous == null || previous.signum() <= 0 ? null : price.subtract(previous);
    }

    static @Nullable BigDecimal percent(BigDecimal price, @Nullable BigDecimal previous) {
        return previous == null || previous.signum() <= 0
                ? null
                : price.subtract(previous).multiply(HUNDRED).divide(previous, MathContext.DECIMAL64);
    }
}
