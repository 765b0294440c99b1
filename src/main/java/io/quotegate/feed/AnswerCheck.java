package io.quotegate.feed;

import io.quotegate.cache.StaleRule;
import io.quotegate.model.Quote;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a refresh takes of one answer, whatever the adapter believed (design invariant 7): a quote only for a
 * symbol of the batch it answers and under that very symbol, never from the future beyond the clock-skew
 * allowance ({@code malformed}), and never older than the quote the feed already holds ({@code outdated}:
 * the newer one stays). An older answer replaces the held quote only when the held one is no longer
 * current by its own date and the answer is (a fallback's reference rate of today after a live source's
 * price has aged out): never older than a current price, never an old price for a stale one. Adapters map
 * the answer's own names back to feed symbols; this is the last check.
 */
final class AnswerCheck {

    /** How far ahead of our clock a price's time may be (the provider's clock and ours differ a little). */
    static final Duration DEFAULT_SKEW = Duration.ofMinutes(2);

    private final Clock clock;
    private final Duration skew;
    private final StaleRule rule;

    AnswerCheck(Clock clock, Duration skew, StaleRule rule) {
        this.clock = clock;
        this.skew = skew;
        this.rule = rule;
    }

    /**
     * @param accepted quotes to serve, by feed symbol
     * @param rejected the answer's own rejections and this check's ({@code malformed}), by feed symbol
     * @param outdated symbols answered with a quote older than the one held
     * @param unasked  names the answer credited although this batch did not ask for them
     */
    record Checked(
            Map<String, Quote> accepted,
            Map<String, SymbolRejection> rejected,
            Set<String> outdated,
            Set<String> unasked) {}

    Checked check(
            String feed, String provider, Collection<String> asked, ProviderResponse answer, Map<String, Quote> held) {
        Instant now = clock.instant();
        Instant latest = now.plus(skew);
        Map<String, Quote> accepted = new LinkedHashMap<>();
        Map<String, SymbolRejection> rejected = new LinkedHashMap<>();
        Set<String> outdated = new LinkedHashSet<>();
        Set<String> unasked = new LinkedHashSet<>();
        answer.rejected().forEach((symbol, why) -> {
            if (asked.contains(symbol)) {
                rejected.put(symbol, why);
            } else {
                unasked.add(symbol);
            }
        });
        answer.quotes().forEach((symbol, quote) -> {
            if (!asked.contains(symbol)) {
                unasked.add(symbol);
            } else if (!quote.symbol().equals(symbol)) {
                rejected.put(
                        symbol,
                        new SymbolRejection(
                                Outcome.MALFORMED,
                                provider + " credited a quote of " + quote.symbol() + " to " + symbol));
            } else if (quote.asOf().isAfter(latest)) {
                rejected.put(
                        symbol,
                        new SymbolRejection(
                                Outcome.MALFORMED,
                                provider + " dated " + symbol + " " + quote.asOf() + ", in the future (now "
                                        + clock.instant() + ")"));
            } else if (held.containsKey(symbol) && older(feed, quote, held.get(symbol), now)) {
                outdated.add(symbol);
            } else {
                accepted.put(symbol, quote);
            }
        });
        return new Checked(accepted, rejected, outdated, unasked);
    }

    /** Older than the held quote, and not a current price taking the place of one that aged out. */
    private boolean older(String feed, Quote answer, Quote mine, Instant now) {
        if (!answer.asOf().isBefore(mine.asOf())) {
            return false;
        }
        boolean mineCurrent = rule.staleAt(feed, mine).isAfter(now);
        boolean answerCurrent = rule.staleAt(feed, answer).isAfter(now);
        return mineCurrent || !answerCurrent;
    }

    /**
     * Whether these rejections would quarantine every symbol of a batch of two or more with nothing served:
     * then the answer is no verdict on symbols but a provider fault (a whole-request 404, an empty body).
     */
    static boolean quarantinesAll(List<String> batch, Map<String, SymbolRejection> rejected, int served) {
        if (batch.size() < 2 || served > 0) {
            return false;
        }
        return batch.stream().allMatch(s -> {
            SymbolRejection r = rejected.get(s);
            return r != null && quarantines(r.outcome());
        });
    }

    /** The rejections that quarantine a symbol for the provider: the provider's verdict on that symbol. */
    static boolean quarantines(Outcome outcome) {
        return outcome == Outcome.INVALID_SYMBOLS || outcome == Outcome.PLAN_RESTRICTED;
    }
}
