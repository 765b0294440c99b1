package io.quotegate.market;

import io.quotegate.model.Quote;
import io.quotegate.model.Snapshot;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides, at a feed's slot, which symbols need not be fetched, and tells readers whether markets are open.
 * A symbol rests when its last quote is fresh and
 * <ul>
 *   <li>its market has been closed throughout since the feed's last refresh (so the first slot after a
 *       close still fetches the closing price), or</li>
 *   <li>the provider expected to serve it publishes end of day and no close (plus the publication delay)
 *       has passed since the last refresh, or</li>
 *   <li>the fitted plan stretched the feed to every n-th slot and this is not one of them (the feed keeps
 *       its slot minutes, so the stagger stays).</li>
 * </ul>
 * All market arithmetic is in model time.
 */
public final class MarketGate {

    /**
     * @param slots     the feed's slot minutes
     * @param provider  the provider expected to serve it (first enabled of its chain), for end-of-day rules
     * @param every     refresh on every n-th slot (1: every slot)
     * @param bySymbol  where a symbol is another provider's (its chain's first cannot serve it), that provider
     */
    public record FeedRule(List<Integer> slots, @Nullable String provider, int every, Map<String, String> bySymbol) {
        public FeedRule {
            slots = slots.stream().sorted().distinct().toList();
            bySymbol = Map.copyOf(bySymbol);
        }

        public FeedRule(List<Integer> slots, @Nullable String provider, int every) {
            this(slots, provider, every, Map.of());
        }

        /** The provider expected to serve {@code symbol}. */
        public @Nullable String providerOf(String symbol) {
            return bySymbol.getOrDefault(symbol, provider);
        }
    }

    private final Markets markets;
    private final Map<String, FeedRule> rules;
    private final TimeScale scale;
    private final Clock clock;

    public MarketGate(Markets markets, Map<String, FeedRule> rules, TimeScale scale, Clock clock) {
        this.markets = markets;
        this.rules = Map.copyOf(rules);
        this.scale = scale;
        this.clock = clock;
    }

    /** Every market open, every slot due: the behaviour before markets existed. */
    public static MarketGate alwaysOpen(TimeScale scale, Clock clock) {
        return new MarketGate(Markets.alwaysOpenEverywhere(), Map.of(), scale, clock);
    }

    public Markets markets() {
        return markets;
    }

    private Instant model(Instant real) {
        return scale.model(Clock.fixed(real, clock.getZone())).instant();
    }

    /** The symbols this slot of {@code feed} need not fetch (empty when there is no previous snapshot). */
    public Set<String> resting(String feed, Optional<Snapshot> previous) {
        if (previous.isEmpty()) {
            return Set.of();
        }
        Snapshot prev = previous.get();
        Instant now = scale.model(clock).instant();
        Instant since = model(prev.asOf());
        FeedRule rule = rules.get(feed);
        boolean due = rule == null || due(rule.slots(), rule.every(), now);
        Set<String> out = new LinkedHashSet<>();
        for (Quote q : prev.data()) {
            if (!due
                    || (!q.stale()
                            && rests(
                                    feed, q.symbol(), rule == null ? null : rule.providerOf(q.symbol()), since, now))) {
                out.add(q.symbol());
            }
        }
        return out;
    }

    /** Whether a fresh quote of {@code symbol}, fetched at model time {@code since}, needs no refetch at {@code now}. */
    public boolean rests(String feed, String symbol, @Nullable String provider, Instant since, Instant now) {
        Market market = markets.market(feed, symbol);
        Optional<Markets.EndOfDay> eod = markets.endOfDay(provider);
        if (eod.isPresent()) {
            return !eod.get()
                    .marketFor(market)
                    .closedBetween(since, now, eod.get().afterClose());
        }
        return !market.openBetween(since, now);
    }

    /** Whether the slot at model time {@code now} is one of every {@code every} of these slots. */
    public static boolean due(List<Integer> slots, int every, Instant now) {
        return every <= 1 || Math.floorMod(slotIndex(slots, now), every) == 0;
    }

    /** The running number of the slot at or before model time {@code now}: grows by one per slot. */
    public static long slotIndex(List<Integer> sortedSlots, Instant now) {
        long minutes = Math.floorDiv(now.getEpochSecond() + 1, 60); // a slot may fire a hair early
        long hour = Math.floorDiv(minutes, 60);
        int minute = (int) Math.floorMod(minutes, 60);
        int rank = -1;
        for (int i = 0; i < sortedSlots.size(); i++) {
            if (sortedSlots.get(i) <= minute) {
                rank = i;
            }
        }
        return rank < 0 ? hour * sortedSlots.size() - 1 : hour * sortedSlots.size() + rank;
    }

    /**
     * The new snapshot with each quote's market state, and quotes that rested this slot kept fresh:
     * a closed market's last price is its current price.
     */
    public Snapshot annotate(Snapshot next, Optional<Snapshot> previous) {
        if (markets.alwaysOpen()) {
            return next;
        }
        Instant now = scale.model(clock).instant();
        Instant since = previous.map(p -> model(p.asOf())).orElse(now);
        Map<String, Quote> before = new java.util.HashMap<>();
        previous.ifPresent(p -> p.data().forEach(q -> before.put(q.symbol(), q)));
        FeedRule rule = rules.get(next.feed());
        List<Quote> out = new ArrayList<>();
        boolean anyOpen = false;
        Instant firstOpen = null;
        for (Quote q : next.data()) {
            Market market = markets.market(next.feed(), q.symbol());
            boolean open = market.isOpen(now);
            Instant nextOpen =
                    open ? null : market.nextOpen(now).map(scale::toReal).orElse(null);
            Quote annotated = q.withMarket(open, nextOpen);
            Quote old = before.get(q.symbol());
            if (q.stale()
                    && old != null
                    && !old.stale()
                    && q.asOf().equals(old.asOf())
                    && rests(next.feed(), q.symbol(), rule == null ? null : rule.providerOf(q.symbol()), since, now)) {
                annotated = annotated.asFresh();
            }
            anyOpen |= open;
            if (nextOpen != null && (firstOpen == null || nextOpen.isBefore(firstOpen))) {
                firstOpen = nextOpen;
            }
            out.add(annotated);
        }
        return next.withData(out, anyOpen || out.isEmpty(), firstOpen);
    }

    /** A sentence for /trace when a whole slot rests. */
    public String why(String feed) {
        return "markets closed (or no new end-of-day price) since the last refresh, or not one of this feed's every-n slots:"
                + " nothing to spend";
    }
}
