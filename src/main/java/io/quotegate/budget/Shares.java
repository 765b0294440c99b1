package io.quotegate.budget;

import io.quotegate.model.Purpose;
import io.quotegate.model.Window;
import java.util.Map;

/**
 * Each feed's share of one provider's day and month limits, and what its next slot costs there.
 *
 * <p>The rule, kept simple but real:
 * <ol>
 *   <li>A feed may always spend within its own share (share x limit), up to the hard limit.</li>
 *   <li>Beyond its share it is borrowing. Borrowing is allowed only while the provider is below
 *       {@code degrade-at}, and only from credits no owner needs next: after the spend, what is left
 *       must still cover, for every other feed, the smaller of its unused share and its next slot's cost.
 *       That is how an owner reclaims its share: borrowers always leave room for the owner's next slot,
 *       and from {@code degrade-at} on nobody borrows at all.</li>
 *   <li>From {@code critical-only-at} on, normal feeds spend nothing, so critical feeds keep at least
 *       their own unused share as a guaranteed minimum.</li>
 * </ol>
 *
 * @param share    feed name to fraction of the provider's limits (sums to at most 1)
 * @param slotCost feed name to the credits one of its slots costs on this provider (from the plan)
 */
public record Shares(Map<String, Double> share, Map<String, Integer> slotCost) {

    public static final Shares NONE = new Shares(Map.of(), Map.of());

    public Shares {
        share = Map.copyOf(share);
        slotCost = Map.copyOf(slotCost);
    }

    double of(String feed) {
        return share.getOrDefault(feed, share.isEmpty() ? 1.0 : 0.0);
    }

    int nextSlotCost(String feed) {
        return slotCost.getOrDefault(feed, 0);
    }

    /** Applies the rule above to one spend, given the provider's current windows and state. */
    Decision decide(Spend spend, Budget budget, Map<Window, Counter> w, ProviderState state) {
        if (share.isEmpty()) {
            return Decision.granted(spend);
        }
        if (spend.purpose() == Purpose.WARM_UP) {
            // A feed without a snapshot may always take its warm-up within the hard limits (checked before the
            // shares): shares ration refreshes of feeds that have something to serve, not the first one.
            return Decision.granted(spend);
        }
        for (Window window : new Window[] {Window.MONTH, Window.DAY}) {
            var limit = budget.limit(window);
            if (limit.isEmpty()) {
                continue;
            }
            Counter counter = java.util.Objects.requireNonNull(w.get(window), window.label());
            double own = of(spend.feed()) * limit.getAsInt() - counter.feed(spend.feed());
            if (spend.credits() <= own) {
                continue;
            }
            if (state.compareTo(ProviderState.DEGRADED) >= 0) {
                return Decision.denied(
                        spend,
                        spend.feed() + " has used its " + window.label() + " share and the provider is " + state.label()
                                + ": no borrowing",
                        window);
            }
            long protect = 0;
            for (String other : share.keySet()) {
                if (!other.equals(spend.feed())) {
                    long unused = Math.max(0, Math.round(of(other) * limit.getAsInt()) - counter.feed(other));
                    protect += Math.min(unused, nextSlotCost(other));
                }
            }
            if (counter.total + spend.credits() > limit.getAsInt() - protect) {
                return Decision.denied(
                        spend,
                        "borrowing beyond " + spend.feed() + "'s " + window.label() + " share would eat the " + protect
                                + " credits other feeds need for their next slots",
                        window);
            }
        }
        return Decision.granted(spend);
    }
}
