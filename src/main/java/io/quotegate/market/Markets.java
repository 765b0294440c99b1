package io.quotegate.market;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every feed's and symbol's market, resolved once at start: a symbol's own market, else its feed's,
 * else {@link #ALWAYS} (a feed nobody told us about is treated as always open, so it behaves as before).
 */
public final class Markets {

    public static final Market ALWAYS = Market.alwaysOpen("ALWAYS");

    private final Map<String, Market> byName;
    private final Map<String, String> feeds;
    private final Map<String, String> symbols;
    private final Map<String, MarketsProperties.EndOfDay> endOfDay;
    private final Map<String, MarketsProperties.EndOfDay> publications;
    private final boolean alwaysOpen;

    /** @param publications the end-of-day rules as configured; {@code endOfDay} is empty while always open */
    Markets(
            Map<String, Market> byName,
            Map<String, String> feeds,
            Map<String, String> symbols,
            Map<String, MarketsProperties.EndOfDay> endOfDay,
            Map<String, MarketsProperties.EndOfDay> publications,
            boolean alwaysOpen) {
        this.byName = Map.copyOf(byName);
        this.feeds = Map.copyOf(feeds);
        this.symbols = Map.copyOf(symbols);
        this.endOfDay = Map.copyOf(endOfDay);
        this.publications = Map.copyOf(publications);
        this.alwaysOpen = alwaysOpen;
    }

    /** Every market open, no end-of-day pacing: for demos and tests. */
    public static Markets alwaysOpenEverywhere() {
        return new Markets(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), true);
    }

    public static Markets defaults() {
        return MarketsConfiguration.build(new MarketsProperties(false, null, null, null, null));
    }

    public boolean alwaysOpen() {
        return alwaysOpen;
    }

    public Market market(String feed, String symbol) {
        if (alwaysOpen) {
            return ALWAYS;
        }
        String name = symbols.get(symbol);
        if (name == null) {
            name = feeds.get(feed);
        }
        return name == null ? ALWAYS : byName.getOrDefault(name, ALWAYS);
    }

    /**
     * The symbol's market as its exchange keeps it, even when {@code always-open} makes every market count
     * as open for spending: a price's age is judged by the real calendar ({@code feed.Freshness}).
     */
    public Market calendar(String feed, String symbol) {
        String name = symbols.get(symbol);
        if (name == null) {
            name = feeds.get(feed);
        }
        return name == null ? ALWAYS : byName.getOrDefault(name, ALWAYS);
    }

    /**
     * The publication rule of a provider that publishes one price per trading day (end-of-day bars,
     * reference rates), whether or not markets count as always open; empty for live providers.
     */
    public Optional<EndOfDay> publication(String provider) {
        MarketsProperties.EndOfDay e = publications.get(provider);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(new EndOfDay(
                e.afterClose() == null ? Duration.ZERO : e.afterClose(),
                e.market() == null ? null : byName.get(e.market())));
    }

    public Optional<Market> named(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Map<String, Market> all() {
        return byName;
    }

    /** When a provider publishes one price per trading day: the delay after a close, and whose close. */
    public Optional<EndOfDay> endOfDay(@Nullable String provider) {
        if (alwaysOpen || provider == null) {
            return Optional.empty();
        }
        MarketsProperties.EndOfDay e = endOfDay.get(provider);
        if (e == null) {
            return Optional.empty();
        }
        return Optional.of(new EndOfDay(
                e.afterClose() == null ? Duration.ZERO : e.afterClose(),
                e.market() == null ? null : byName.get(e.market())));
    }

    /** @param market whose close counts; {@code null}: each symbol's own market */
    public record EndOfDay(Duration afterClose, @Nullable Market market) {
        public Market marketFor(Market symbolMarket) {
            return market == null ? symbolMarket : market;
        }
    }
}
