package io.quotegate.budget;

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
}
