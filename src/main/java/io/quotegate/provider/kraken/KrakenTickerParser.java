package io.quotegate.provider.kraken;

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
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code result} of {@code /0/public/Ticker}: an object keyed by Kraken's canonical pair name,
 * the same shape for one pair or many, prices as strings. The price is {@code c[0]}, the last trade's
 * price; {@code o} is today's opening price (today starts at 00:00 UTC), so {@code change} is
 * {@code c[0] - o} and {@code changePercent} its share of {@code o} (16 significant digits).
 *
 * <p>A ticker is credited only to the pair its key names ({@link KrakenPairs}); keys naming no pair sent are
 * never served. Pairs sent but absent are rejected as {@link Outcome#INVALID_SYMBOLS}, with Kraken's
 * {@code EQuery} errors when it sent some alongside a partial result. When one pair was sent and the answer
 * names only others, the feed symbols are rejected as {@link Outcome#MALFORMED} with both names. A ticker
 * whose last price is not positive (a market that is only cancelling, with no trade) is rejected as
 * {@link Outcome#MALFORMED}.
 */
final class KrakenTickerParser {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private KrakenTickerParser() {}

    /**
     * @param asOf       the quotes' time, which the ticker does not carry (see {@link KrakenAdapter})
     * @param pairErrors Kraken's {@code EQuery} errors sent with a partial result; empty when none
     */
    static ProviderResponse parse(
            JsonNode result, SymbolBatch batch, Instant asOf, String source, List<String> pairErrors) {
        Map<String, Quote> quotes = new LinkedHashMap<>();
        Map<String, SymbolRejection> rejected = new LinkedHashMap<>(batch.rejected());
        Map<String, String> names = KrakenPairs.index(batch);
        Set<String> answered = new LinkedHashSet<>();
        List<String> strangers = new ArrayList<>();
        for (var entry : result.properties()) {
            String sent = names.get(entry.getKey().trim().toUpperCase(java.util.Locale.ROOT));
            if (sent == null) {
                strangers.add(entry.getKey());
                continue;
            }
            if (!answered.add(sent)) {
                continue;
            }
            JsonNode ticker = entry.getValue();
            BigDecimal price = JsonValues.decimal(ticker.path("c").path(0));
            for (String feed : batch.feedSymbolsByProviderSymbol().getOrDefault(sent, List.of())) {
                if (price == null || price.signum() <= 0) {
                    rejected.put(
                            feed,
                            new SymbolRejection(
                                    Outcome.MALFORMED,
                                    "kraken sent no positive last price for " + entry.getKey() + " (no trade?)"));
                } else {
                    BigDecimal open = JsonValues.decimal(ticker.path("o"));
                    quotes.put(feed, Quote.of(feed, price, change(price, open), percent(price, open), asOf, source));
                }
            }
        }
        rejectMissing(batch, answered, strangers, pairErrors, rejected);
        return new ProviderResponse(quotes, rejected, ReportedUsage.NONE);
    }

    private static void rejectMissing(
            SymbolBatch batch,
            Set<String> answered,
            List<String> strangers,
            List<String> pairErrors,
            Map<String, SymbolRejection> rejected) {
        batch.feedSymbolsByProviderSymbol().forEach((sent, feeds) -> {
            if (answered.contains(sent)) {
                return;
            }
            SymbolRejection why;
            if (batch.isSingle() && !strangers.isEmpty()) {
                why = new SymbolRejection(
                        Outcome.MALFORMED, "kraken answered for " + String.join(", ", strangers) + ", asked " + sent);
            } else {
                String note = pairErrors.isEmpty() ? "" : " (kraken: " + String.join("; ", pairErrors) + ")";
                why = new SymbolRejection(Outcome.INVALID_SYMBOLS, sent + " not in response" + note);
            }
            feeds.forEach(feed -> rejected.put(feed, why));
        });
    }

    static @Nullable BigDecimal change(BigDecimal price, @Nullable BigDecimal open) {
        return open == null || open.signum() <= 0 ? null : price.subtract(open);
    }

    static @Nullable BigDecimal percent(BigDecimal price, @Nullable BigDecimal open) {
        return open == null || open.signum() <= 0
                ? null
                : price.subtract(open).multiply(HUNDRED).divide(open, MathContext.DECIMAL64);
    }
}
