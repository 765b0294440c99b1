package io.quotegate.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One symbol's latest price.
 *
 * @param change        absolute change against the provider's reference (previous close, 24 h ago); may be absent
 * @param changePercent change in percent; may be absent
 * @param asOf          when the provider said the price was valid (or when we received it)
 * @param source        the provider that served it, or {@code fallback} for configured last-resort values
 * @param stale         true when this is an older quote kept because no provider served a fresh one
 * @param reference     true for daily reference rates (Frankfurter), not live prices
 * @param marketOpen    false while the symbol's market is closed: the price is the last one, and not stale for it
 * @param nextOpen      when a closed market opens next; absent while open
 * @param bid           the provider's bid, where it quotes one (Capital.com: the price is then the mid of bid and
 *                      ask); absent otherwise, and left out of the JSON
 * @param ask           the provider's ask (Capital.com's {@code offer}), likewise
 */
public record Quote(
        String symbol,
        BigDecimal price,
        @Nullable BigDecimal change,
        @Nullable BigDecimal changePercent,
        Instant asOf,
        String source,
        boolean stale,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean reference,
        boolean marketOpen,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Instant nextOpen,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable BigDecimal bid,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable BigDecimal ask) {

    /** A quote without bid and ask. */
    public Quote(
            String symbol,
            BigDecimal price,
            @Nullable BigDecimal change,
            @Nullable BigDecimal changePercent,
            Instant asOf,
            String source,
            boolean stale,
            boolean reference,
            boolean marketOpen,
            @Nullable Instant nextOpen) {
        this(symbol, price, change, changePercent, asOf, source, stale, reference, marketOpen, nextOpen, null, null);
    }

    /** A quote of an open market. */
    public Quote(
            String symbol,
            BigDecimal price,
            @Nullable BigDecimal change,
            @Nullable BigDecimal changePercent,
            Instant asOf,
            String source,
            boolean stale,
            boolean reference) {
        this(symbol, price, change, changePercent, asOf, source, stale, reference, true, null);
    }

    public static Quote of(
            String symbol,
            BigDecimal price,
            @Nullable BigDecimal change,
            @Nullable BigDecimal changePercent,
            Instant asOf,
            String source) {
        return new Quote(symbol, price, change, changePercent, asOf, source, false, false);
    }

    /** A quote of an open market at the mid of a bid and an ask, which it keeps. */
    public static Quote ofBidAsk(
            String symbol,
            BigDecimal price,
            BigDecimal bid,
            BigDecimal ask,
            @Nullable BigDecimal change,
            @Nullable BigDecimal changePercent,
            Instant asOf,
            String source) {
        return new Quote(symbol, price, change, changePercent, asOf, source, false, false, true, null, bid, ask);
    }

    public Quote asStale() {
        return stale
                ? this
                : new Quote(
                        symbol,
                        price,
                        change,
                        changePercent,
                        asOf,
                        source,
                        true,
                        reference,
                        marketOpen,
                        nextOpen,
                        bid,
                        ask);
    }

    /** Past the TTL: stale, unless its market is closed (the last price of a closed market is the current one). */
    public Quote asStaleUnlessClosed() {
        return marketOpen ? asStale() : this;
    }

    public Quote asFresh() {
        return stale
                ? new Quote(
                        symbol,
                        price,
                        change,
                        changePercent,
                        asOf,
                        source,
                        false,
                        reference,
                        marketOpen,
                        nextOpen,
                        bid,
                        ask)
                : this;
    }

    public Quote asReference() {
        return new Quote(
                symbol, price, change, changePercent, asOf, source, stale, true, marketOpen, nextOpen, bid, ask);
    }

    public Quote withMarket(boolean open, @Nullable Instant next) {
        return new Quote(
                symbol,
                price,
                change,
                changePercent,
                asOf,
                source,
                stale,
                reference,
                open,
                open ? null : next,
                bid,
                ask);
    }
}
