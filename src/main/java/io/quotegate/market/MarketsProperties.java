package io.quotegate.market;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code quotegate.markets.*}: when each feed's (and symbol's) market is open. Everything has a
 * built-in default ({@link MarketDefaults}); these keys override it. Checked at start by
 * {@link MarketsConfiguration}, each failure naming its key.
 *
 * @param alwaysOpen  treat every market as open (demos, tests that must not wait for a model weekend)
 * @param definitions markets by name, added to or replacing the built-in ones (FX, CRYPTO, CME, NYSE, ...)
 * @param feeds       feed to market name (default: fx FX, crypto CRYPTO, commodities CME, stocks NYSE, others by symbol)
 * @param symbols     symbol to market name, over the feed's market (default: the shipped index symbols)
 * @param endOfDay    providers that publish one price a trading day, refreshed once after each close
 */
@ConfigurationProperties("quotegate.markets")
public record MarketsProperties(
        @DefaultValue("false") boolean alwaysOpen,
        @Nullable Map<String, Definition> definitions,
        @Nullable Map<String, String> feeds,
        @Nullable Map<String, String> symbols,
        @Nullable Map<String, EndOfDay> endOfDay) {

    /**
     * @param zone     exchange zone, e.g. America/New_York
     * @param sessions weekly sessions, {@code DAY[-DAY] HH:MM-HH:MM} local; or {@code ALWAYS}
     * @param holidays a jollyday calendar (NYSE, NYSE_EURONEXT, TARGET, or a country code), or none
     * @param add      closures the calendar lacks, MM-DD (yearly) or YYYY-MM-DD
     * @param remove   days the calendar closes but the exchange trades
     */
    public record Definition(
            @Nullable String zone,
            @Nullable List<String> sessions,
            @Nullable String holidays,
            @Nullable List<String> add,
            @Nullable List<String> remove) {}

    /**
     * @param afterClose how long after a session's close the day's price is published
     * @param market     whose close counts (default: each symbol's own market); Frankfurter follows ECB
     */
    public record EndOfDay(
            @Nullable Duration afterClose, @Nullable String market) {}
}
