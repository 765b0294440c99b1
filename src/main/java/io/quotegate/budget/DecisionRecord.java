package io.quotegate.budget;

import java.time.Instant;

/** One ledger decision as /trace shows it. */
public record DecisionRecord(
        Instant at, String provider, String feed, String purpose, int credits, String decision, String reason) {

    static DecisionRecord of(Instant at, Decision d) {
        Spend s = d.spend();
        return new DecisionRecord(
                at,
                s.provider(),
                s.feed(),
                s.purpose().label(),
                s.credits(),
                d.kind().name().toLowerCase(java.util.Locale.ROOT),
                d.reason());
    }
}
