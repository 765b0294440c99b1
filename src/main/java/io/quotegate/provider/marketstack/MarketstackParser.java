package io.quotegate.provider.marketstack;

import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads a successful {@code /eod/latest} body, {@code {"pagination":{..},"data":[bar, ...]}}, which
 * has the same shape for one symbol or many.
 *
 * <ul>
 *   <li>{@code price} is the bar's {@code close}.</li>
 *   <li>EOD bars carry no previous close, so {@code change} is the <em>day's change against the
 *       open</em> ({@code close - open}) and {@code changePercent} is {@code change / open * 100}
 *       at scale 4, half-up. Both are null when {@code open} is missing or zero.</li>
 *   <li>{@code asOf} is the bar's {@code date} ({@code 2021-02-22T00:00:00+0000}; {@code +00:00},
 *       {@code Z} and a bare date are accepted too).</li>
 *   <li>Numbers may be JSON numbers or strings; {@code adj_*} fields are ignored (they may be null).</li>
 *   <li>Requested tickers missing from {@code data} are rejected as {@link Outcome#INVALID_SYMBOLS}
 *       ("not in response"); bars without a readable close or date are rejected as
 *       {@link Outcome#MALFORMED}; bars for tickers we did not ask for are never served, and
 *       make a missing ticker {@link Outcome#MALFORMED} (an answer about other instruments is no
 *       verdict on it). When a ticker has several bars, the latest one wins.</li>
 * </ul>
 */
final class MarketstackParser {

    private static final DateTimeFormatter BAR_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart()
            .appendOffset("+HH:MM", "Z")
            .optionalEnd()
            .optionalStart()
            .appendOffset("+HHMM", "Z")
            .optionalEnd()
            .toFormatter();

    private final String source;

    MarketstackParser(String source) {
        this.source = source;
    }

    /**
     * @param root      the parsed 2xx body
     * @param requested the batch, upper-cased ticker to feed symbols
     * @throws ProviderException {@link Outcome#MALFORMED} when the body has no {@code data} array
     */
    ProviderResponse parse(JsonNode root, Map<String, List<String>> requested) {
        JsonNode data = root.path("data");
        if (!data.isArray()) {
            throw ProviderException.malformed(source + ": response has no 'data' array");
        }
        Map<String, Quote> byTicker = new LinkedHashMap<>();
        Map<String, String> unreadable = new LinkedHashMap<>();
        java.util.Set<String> unasked = new java.util.LinkedHashSet<>();
        for (JsonNode bar : data) {
            String ticker = JsonValues.text(bar.get("symbol"));
            if (ticker == null || !requested.containsKey(MarketstackSymbols.key(ticker))) {
                if (ticker != null) {
                    unasked.add(ticker);
                }
                continue;
            }
            String key = MarketstackSymbols.key(ticker);
            Quote quote = toQuote(key, bar);
            Quote previous = byTicker.get(key);
            if (quote == null) {
                unreadable.putIfAbsent(key, "bar without a readable close and date");
            } else if (previous == null || quote.asOf().isAfter(previous.asOf())) {
                byTicker.put(key, quote);
            }
        }
        return assemble(requested, byTicker, unreadable, unasked);
    }

    private ProviderResponse assemble(
            Map<String, List<String>> requested,
            Map<String, Quote> byTicker,
            Map<String, String> unreadable,
            java.util.Set<String> unasked) {
        Map<String, Quote> quotes = new LinkedHashMap<>();
        Map<String, SymbolRejection> rejected = new LinkedHashMap<>();
        requested.forEach((ticker, feedSymbols) -> {
            Quote quote = byTicker.get(ticker);
            for (String feedSymbol : feedSymbols) {
                if (quote != null) {
                    quotes.put(
                            feedSymbol,
                            Quote.of(
                                    feedSymbol,
                                    quote.price(),
                                    quote.change(),
                                    quote.changePercent(),
                                    quote.asOf(),
                                    source));
                } else if (unreadable.containsKey(ticker)) {
                    rejected.put(
                            feedSymbol, new SymbolRejection(Outcome.MALFORMED, ticker + ": " + unreadable.get(ticker)));
                } else if (!unasked.isEmpty()) {
                    // Bars of tickers nobody asked for: no verdict on the missing one.
                    rejected.put(
                            feedSymbol,
                            new SymbolRejection(
                                    Outcome.MALFORMED,
                                    source + " answered for " + String.join(",", unasked) + ", asked " + ticker));
                } else {
                    rejected.put(feedSymbol, new SymbolRejection(Outcome.INVALID_SYMBOLS, ticker + " not in response"));
                }
            }
        });
        return new ProviderResponse(quotes, rejected, ReportedUsage.NONE);
    }

    private @Nullable Quote toQuote(String ticker, JsonNode bar) {
        BigDecimal close = JsonValues.decimal(bar.get("close"));
        Instant asOf = parseTime(JsonValues.text(bar.get("date")));
        if (close == null || asOf == null) {
            return null;
        }
        BigDecimal open = JsonValues.decimal(bar.get("open"));
        if (open == null || open.signum() == 0) {
            return Quote.of(ticker, close, null, null, asOf, source);
        }
        BigDecimal change = close.subtract(open);
        BigDecimal percent = change.multiply(BigDecimal.valueOf(100)).divide(open, 4, RoundingMode.HALF_UP);
        return Quote.of(ticker, close, change, percent, asOf, source);
    }

    static @Nullable Instant parseTime(@Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            var parsed = BAR_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime odt
                    ? odt.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
