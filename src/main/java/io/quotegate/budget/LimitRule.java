package io.quotegate.budget;

import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The in-memory rule of one spend against a provider's current windows, in this order: the month and
 * day limits (denied), the minute (a call larger than the minute is denied, one that does not fit now
 * waits for the next minute), the budget state (critical or worse: only critical feeds and warm-ups),
 * then the feeds' {@link Shares}. A spend within the provider's {@link EdgeGuard} of a window's end must
 * also fit the next window of that kind (a full next day or month denies, a full next minute waits until
 * that minute is over). {@code ledger.lua} applies the same rule in Redis.
 */
final class LimitRule {

    private static final Window[] LONG_WINDOWS = {Window.MONTH, Window.DAY};

    private final Thresholds thresholds;
    private final TimeScale scale;

    LimitRule(Thresholds thresholds, TimeScale scale) {
        this.thresholds = thresholds;
        this.scale = scale;
    }

    Decision check(Spend spend, Budget budget, Map<Window, Counter> w, Instant now, Shares shares) {
        int c = spend.credits();
        for (Window window : LONG_WINDOWS) {
            var limit = budget.limit(window);
            if (limit.isPresent() && of(w, window).total + c > limit.getAsInt()) {
                return Decision.denied(
                        spend,
                        window.label() + " limit " + limit.getAsInt() + " reached: used " + of(w, window).total
                                + ", needs " + c,
                        window);
            }
        }
        for (Window window : LONG_WINDOWS) {
            var limit = budget.limit(window);
            long ahead = ahead(w, window, budget, now);
            if (limit.isPresent() && ahead >= 0 && ahead + c > limit.getAsInt()) {
                return Decision.denied(
                        spend,
                        "next " + window.label() + "'s limit " + limit.getAsInt() + " reached: used " + ahead
                                + ", needs " + c + " (a spend this close to the " + window.label()
                                + "'s end may reach the provider in the next one)",
                        window);
            }
        }
        var perMinute = budget.limit(Window.MINUTE);
        if (perMinute.isPresent()) {
            if (c > perMinute.getAsInt()) {
                return Decision.denied(
                        spend,
                        "a call of " + c + " credits exceeds the per-minute limit " + perMinute.getAsInt(),
                        Window.MINUTE);
            }
            long used = of(w, Window.MINUTE).total;
            if (used + c > perMinute.getAsInt()) {
                Duration wait = scale.toReal(Duration.between(now, Windows.end(Window.MINUTE, now)));
                return Decision.waitFor(
                        spend,
                        wait,
                        Window.MINUTE,
                        "minute full: used " + used + " of " + perMinute.getAsInt() + ", needs " + c);
            }
            long ahead = ahead(w, Window.MINUTE, budget, now);
            if (ahead >= 0 && ahead + c > perMinute.getAsInt()) {
                Instant next = Windows.end(Window.MINUTE, now);
                return Decision.waitFor(
                        spend,
                        scale.toReal(Duration.between(now, Windows.end(Window.MINUTE, next))),
                        Window.MINUTE,
                        "next minute full: used " + ahead + " of " + perMinute.getAsInt() + ", needs " + c
                                + " (a spend this close to the minute's end may reach the provider in the next one)");
            }
        }
        ProviderState state = state(budget, w);
        // A feed without a snapshot may always take its warm-up within the hard limits, whatever the state.
        if (state.compareTo(ProviderState.CRITICAL) >= 0
                && spend.priority() == Priority.NORMAL
                && spend.purpose() != Purpose.WARM_UP) {
            return Decision.denied(spend, "provider is " + state.label() + ": only critical feeds spend", null);
        }
        return shares.decide(spend, budget, w, state);
    }

    /** What the next window holds when a spend now may land in it, or -1 when it cannot. */
    private long ahead(Map<Window, Counter> w, Window window, Budget budget, Instant now) {
        if (!EdgeGuard.reachesNext(budget, window, now, scale)) {
            return -1;
        }
        Counter next = of(w, window).ahead;
        Instant nextStart = Windows.end(window, now);
        return next != null && next.start.equals(nextStart) ? next.total : 0;
    }

    /** Counts a granted spend in its windows and, within the edge guard of a window's end, in the next one too. */
    void count(Spend spend, Budget budget, Map<Window, Counter> w, Instant now) {
        for (Window window : Window.values()) {
            Counter current = of(w, window);
            current.add(spend.feed(), spend.credits());
            if (EdgeGuard.reachesNext(budget, window, now, scale)) {
                current.ahead(Windows.end(window, now)).add(spend.feed(), spend.credits());
            }
        }
    }

    private ProviderState state(Budget budget, Map<Window, Counter> w) {
        double fraction = 0;
        for (Window window : LONG_WINDOWS) {
            var limit = budget.limit(window);
            if (limit.isPresent()) {
                fraction = Math.max(fraction, (double) of(w, window).total / limit.getAsInt());
            }
        }
        return thresholds.stateFor(fraction);
    }

    private static Counter of(Map<Window, Counter> w, Window window) {
        return Objects.requireNonNull(w.get(window), window.label());
    }
}
