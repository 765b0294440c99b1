package io.quotegate.provider.twelvedata;

import io.quotegate.model.Quote;
import io.quotegate.provider.JsonValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads one {@code /quote} object. Twelve Data sends prices as JSON strings ({@code "close":"1.08512"})
 * and times as epoch-second numbers; both token types are accepted for every field. The price is
 * {@code close} (the latest price of the current bar); {@code change} and {@code percent_change}
 * are optional.
 *
 * <p>{@code asOf} is {@code last_quote_at}, "Unix timestamp of last minute candle" (the OpenAPI spec's
 * {@code GetQuote_200_response}): when the price was last valid. {@code timestamp} and {@code datetime}
 * are when the bar of the interval <em>opened</em> (the day's, by default), not the time of the price:
 * they are used only when {@code last_quote_at} is absent (older answers lack it), as the earliest the
 * price can be from, so such a price is judged as old as its bar. Without any time the quote is not read.
 */
final class QuoteReader {

    private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(32_503_680_000L);

    /** The quote, or empty when the object has no readable price or time. */
    Optional<Quote> read(String feedSymbol, JsonNode node) {
        BigDecimal price = JsonValues.decimal(node.get("close"));
        if (price == null) {
            price = JsonValues.decimal(node.get("price"));
        }
        Instant asOf = asOf(node);
        if (price == null || asOf == null) {
            return Optional.empty();
        }
        return Optional.of(Quote.of(
                feedSymbol,
                price,
                JsonValues.decimal(node.get("change")),
                JsonValues.decimal(node.get("percent_change")),
                asOf,
                TwelveDataProviderFactory.NAME));
    }

    private static @Nullable Instant asOf(JsonNode node) {
        Long seconds = epochSeconds(node.get("last_quote_at"));
        if (seconds == null) {
            seconds = epochSeconds(node.get("timestamp"));
        }
        if (seconds != null) {
            return Instant.ofEpochSecond(seconds);
        }
        return barOpen(JsonValues.text(node.get("datetime")));
    }

    /** {@code datetime} as a bare date (the day bar) or a date and time, read as UTC: the bar's opening at the earliest. */
    private static @Nullable Instant barOpen(@Nullable String datetime) {
        if (datetime == null || datetime.length() < 10) {
            return null;
        }
        try {
            if (datetime.length() == 10) {
                return LocalDate.parse(datetime).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return LocalDateTime.parse(datetime.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Epoch seconds, or {@code null} when absent, not positive or beyond the year 3000. */
    private static @Nullable Long epochSeconds(@Nullable JsonNode value) {
        BigDecimal d = JsonValues.decimal(value);
        if (d == null || d.signum() <= 0 || d.compareTo(MAX_EPOCH_SECONDS) > 0) {
            return null;
        }
        return d.longValue();
    }
}
