package io.quotegate.feed;

import io.quotegate.cache.StaleRule;
import io.quotegate.market.Market;
import io.quotegate.market.Markets;
import io.quotegate.model.Quote;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * When a quote stops being current by its own date ({@code asOf}), whatever its feed's TTL says: the one
 * rule behind {@code stale: true, reason age} (README, "Data integrity").
 *
 * <ul>
 *   <li><b>Live sources</b> (every provider without a publication rule): stale once its market has been
 *       open for {@code max-age} since the price's {@code asOf} (every market counts as open with
 *       {@code quotegate.markets.always-open}). Closed stretches do not count, so the last
 *       price of a session stays current over a weekend, and a price from an earlier session is stale.
 *       {@code max-age} is {@code quotegate.providers.<p>.max-age}, else the feed's longest gap between
 *       two slots it spends on (times the fitted plan's every-n), plus the provider's known
 *       {@link io.quotegate.provider.ProviderAdapter#delay() delay}, plus {@link #SLACK} for the refresh
 *       itself. Model time: in seconds mode a model minute is a real second, as for the TTL.</li>
 *   <li><b>End-of-day bars and reference rates</b> (providers with a publication rule,
 *       {@code quotegate.markets.end-of-day.<p>}: Marketstack, Frankfurter): the price of day D is current
 *       until the next trading day of its market (the ECB's for reference rates) has closed and its price
 *       is published ({@code after-close}). Judged on the real calendar, also in seconds mode: their dates
 *       are real dates.</li>
 *   <li>A quote whose source is no configured provider (the last-resort values) is never current.</li>
 * </ul>
 */
public final class Freshness implements StaleRule {

    /** Room for the refresh itself: a slot's batches may wait for their minute and retry (model time). */
    static final Duration SLACK = Duration.ofMinutes(10);

    private final Markets markets;
    private final TimeScale scale;
    /** Per feed, per provider name: the live max-age (model time). */
    private final Map<String, Map<String, Duration>> maxAge;

    /**
     * @param every     the fitted plan's every-n per feed (absent: 1)
     * @param maxAge    configured {@code max-age} per provider (model time); absent: derived
     * @param delays    each configured provider's known delay (model time); the key set is every provider
     *                  whose quotes can be judged
     */
    Freshness(
            FeedCatalog feeds,
            Map<String, Integer> every,
            Map<String, Duration> maxAge,
            Map<String, Duration> delays,
            Markets markets,
            TimeScale scale) {
        this.markets = markets;
        this.scale = scale;
        Map<String, Map<String, Duration>> out = new HashMap<>();
        for (Feed feed : feeds.all()) {
            Duration interval = longestGap(feed.slots()).multipliedBy(Math.max(1, every.getOrDefault(feed.name(), 1)));
            Map<String, Duration> byProvider = new HashMap<>();
            delays.forEach((provider, delay) -> byProvider.put(
                    provider,
                    Optional.ofNullable(maxAge.get(provider))
                            .orElse(interval.plus(delay).plus(SLACK))));
            out.put(feed.name(), Map.copyOf(byProvider));
        }
        this.maxAge = Map.copyOf(out);
    }

    @Override
    public Instant staleAt(String feed, Quote quote) {
        Duration live = maxAge.getOrDefault(feed, Map.of()).get(quote.source());
        if (live == null) {
            return Instant.MIN;
        }
        Optional<Markets.EndOfDay> publication = markets.publication(quote.source());
        if (publication.isPresent()) {
            // The publication calendar is real whatever quotegate.markets.always-open says.
            return published(publication.get(), markets.calendar(feed, quote.symbol()), quote.asOf());
        }
        // Open hours as the gateway counts them: always open when quotegate.markets.always-open says so.
        Market market = markets.market(feed, quote.symbol());
        Clock at = Clock.fixed(quote.asOf(), ZoneOffset.UTC);
        Instant modelStale = market.afterOpenTime(scale.model(at).instant(), live);
        return modelStale.equals(Instant.MAX) ? Instant.MAX : scale.toReal(modelStale);
    }

    /** The live max-age of a provider's quotes in a feed (model time), for /trace and the README. */
    Optional<Duration> maxAge(String feed, String provider) {
        return Optional.ofNullable(maxAge.getOrDefault(feed, Map.of()).get(provider));
    }

    /** The price of day D is current until the next trading day's close plus the publication delay. */
    private static Instant published(Markets.EndOfDay rule, Market symbolMarket, Instant asOf) {
        Market market = rule.marketFor(symbolMarket);
        LocalDate day = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        Instant close = market.closeOfTradingDayAfter(day);
        if (close.equals(Instant.MAX)) {
            // A market that never closes: a daily price is current for the day after its own.
            close = day.plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return close.plus(rule.afterClose());
    }

    /** The longest stretch between two consecutive slots of the hour (model minutes), wrapping at the hour. */
    static Duration longestGap(List<Integer> slots) {
        List<Integer> sorted = slots.stream().sorted().distinct().toList();
        int longest = 0;
        for (int i = 0; i < sorted.size(); i++) {
            int next = i + 1 < sorted.size() ? sorted.get(i + 1) : sorted.get(0) + 60;
            longest = Math.max(longest, next - sorted.get(i));
        }
        return Duration.ofMinutes(longest == 0 ? 60 : longest);
    }
}
