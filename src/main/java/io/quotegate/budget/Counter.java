package io.quotegate.budget;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Credits counted in one window of one provider, in total and per feed. Mutable; guarded by the ledger. */
final class Counter {

    Instant start;
    long total;
    final Map<String, Long> byFeed = new HashMap<>();

    Counter(Instant start) {
        this.start = start;
    }

    void reset(Instant newStart) {
        start = newStart;
        total = 0;
        byFeed.clear();
    }

    void add(String feed, long credits) {
        total += credits;
        byFeed.merge(feed, credits, Long::sum);
    }

    long feed(String feed) {
        return byFeed.getOrDefault(feed, 0L);
    }
}
