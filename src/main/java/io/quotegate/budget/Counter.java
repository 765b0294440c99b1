package io.quotegate.budget;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Credits counted in one window of one provider, in total and per feed, and what the next window of the same
 * kind already holds: spends reserved within the edge guard of this window's end count there too. Mutable;
 * guarded by the ledger.
 */
final class Counter {

    Instant start;
    long total;
    final Map<String, Long> byFeed = new HashMap<>();
    /** The next window's count so far, or null when nothing was spent close enough to this window's end. */
    @Nullable
    Counter ahead;

    Counter(Instant start) {
        this.start = start;
    }

    /** The window moved on to {@code newStart}: it starts from what was counted ahead for it, if anything. */
    void roll(Instant newStart) {
        Counter next = ahead;
        ahead = null;
        start = newStart;
        total = 0;
        byFeed.clear();
        if (next != null && next.start.equals(newStart)) {
            total = next.total;
            byFeed.putAll(next.byFeed);
        }
    }

    /** The count of the window that starts at {@code nextStart}, created empty on first use. */
    Counter ahead(Instant nextStart) {
        Counter next = ahead;
        if (next == null || !next.start.equals(nextStart)) {
            next = new Counter(nextStart);
            ahead = next;
        }
        return next;
    }

    void add(String feed, long credits) {
        total += credits;
        byFeed.merge(feed, credits, Long::sum);
    }

    long feed(String feed) {
        return byFeed.getOrDefault(feed, 0L);
    }
}
