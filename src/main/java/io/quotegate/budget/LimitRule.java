package io.quotegate.budget;

import io.quotegate.model.Priority;
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
 * then the feeds' {@link Shares}. {@code ledger.lua} applies the same rule in Redis.
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
        }
        ProviderState state = state(budget, w);
        // A feed without a snapshot may always take its warm-up within the hard limits, whatever the state.
        if (state.compareTo(ProviderState.CRITICAL) >= 0
                && spend.priority() == Priority.NORMAL
                && !spend.purpose().equals("warm-up")) {
            return Decision.denied(spend, "provider is " + state.label() + ": only critical feeds spend", null);
        }
        return shares.decide(spend, budget, w, state);
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
