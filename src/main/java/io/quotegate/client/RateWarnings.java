package io.quotegate.client;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Warnings of the requests-per-minute limit. The bucket refills and drains again within a minute, so
 * each level ({@code warn-at} and empty) is told at most once a minute per client, not per request.
 */
final class RateWarnings {

    private static final long QUIET_MILLIS = 60_000;

    private final Crossings crossings;
    /** When the last warning of each level went out, per client. */
    private final Map<String, long[]> told = new ConcurrentHashMap<>();

    RateWarnings(Crossings crossings) {
        this.crossings = crossings;
    }

    /** The warning this request's take from the bucket raises, if any. */
    Optional<Warning> crossing(Client client, RateState state, Instant now) {
        Optional<Warning> w = crossings.crossing(
                Limit.REQUESTS_PER_MINUTE,
                state.used() - 1,
                state.used(),
                state.limit(),
                now.plusSeconds(state.resetSeconds()));
        if (w.isEmpty()) {
            return w;
        }
        int level = state.remaining() == 0 ? 1 : 0;
        long[] last = told.computeIfAbsent(client.id(), k -> new long[] {Long.MIN_VALUE / 2, Long.MIN_VALUE / 2});
        synchronized (last) {
            if (now.toEpochMilli() - last[level] < QUIET_MILLIS) {
                return Optional.empty();
            }
            last[level] = now.toEpochMilli();
        }
        return w;
    }
}
