package io.quotegate.provider.twelvedata;

import io.quotegate.model.Quote;
import io.quotegate.provider.JsonValues;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads one {@code /quote} object. Twelve Data sends prices as JSON strings ({@code "close":"1.08512"})
 * and times as epoch-second numbers; both token types are accepted for every field. The price is
 * {@code close} (the latest price of the current bar); {@code change} and {@code percent_change}
 * are optional. {@code asOf} is {@code last_quote_at}, else {@code timestamp}, else now.
 */
final class QuoteReader {

    private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(32_503_680_000L);

    private final Clock clock;

    QuoteReader(Clock clock) {
        this.clock = clock;
    }

    /** The quote, or empty when the object has no readable price. */
    Optional<Quote> read(String feedSymbol, JsonNode node) {
        BigDecimal price = JsonValues.decimal(node.get("close"));
        if (price == null) {
            price = JsonValues.decimal(node.get("price"));
        }
        if (price == null) {
            return Optional.empty();
        }
        return Optional.of(Quote.of(
                feedSymbol,
                price,
                JsonValues.decimal(node.get("change")),
                JsonValues.decimal(node.get("percent_change")),
                asOf(node),
                TwelveDataProviderFactory.NAME));
    }

    private Instant asOf(JsonNode node) {
        Long seconds = epochSeconds(node.get("last_quote_at"));
        if (seconds == null) {
            seconds = epochSeconds(node.get("timestamp"));
        }
        return seconds == null ? clock.instant() : Instant.ofEpochSecond(seconds);
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
