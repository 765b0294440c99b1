package io.quotegate.client;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Which monthly warnings this replica has told each client, so that every crossing is told once and
 * in order however the counts race. Two responses of one client are counted at once on two event
 * loops, and their totals (say 4 and 5 of 5) come back in either order; a stream ends at the 100 %
 * warning, so an 80 % warning told after it was lost. Here the level told so far is kept per client
 * and limit, and every warning is told under the client's lock: when the count that reaches 100 % is
 * seen before the one that crossed 80 %, the 80 % warning goes first.
 *
 * <p>A replica that first sees a client in a month assumes it was told the warning below its first
 * count (it may have restarted), but never the 100 % one: that one ends its own streams, so each
 * replica tells it once. Warnings relayed from other replicas count as told.
 */
final class MonthlyWarnings {

    private final Crossings crossings;
    private final Map<String, Told> told = new ConcurrentHashMap<>();

    MonthlyWarnings(Crossings crossings) {
        this.crossings = crossings;
    }

    /** Per client: the month and, per monthly limit, the level told (-1: not seen yet this month). */
    private static final class Told {
        @Nullable
        YearMonth month;

        final int[] level = new int[Limit.values().length];

        /** False when {@code at} is an earlier month than the one kept (a late count): ignore it. */
        boolean in(YearMonth at) {
            if (month != null && at.isBefore(month)) {
                return false;
            }
            if (!at.equals(month)) {
                month = at;
                Arrays.fill(level, -1);
            }
            return true;
        }
    }

    /**
     * A response was counted: the limit's total went from {@code before} to {@code total} by this
     * response. Tells, in order, each level reached that was not told yet.
     */
    void counted(
            String clientId,
            YearMonth month,
            Limit limit,
            long before,
            long total,
            long size,
            Instant resetAt,
            Consumer<Warning> tell) {
        Told t = told.computeIfAbsent(clientId, k -> new Told());
        synchronized (t) {
            if (!t.in(month)) {
                return;
            }
            int i = limit.ordinal();
            if (t.level[i] < 0) {
                t.level[i] = Math.min(crossings.level(before, size), 1);
            }
            int reached = crossings.level(total, size);
            if (size <= 0 || reached <= t.level[i]) {
                return;
            }
            int own = crossings.level(before, size);
            if (t.level[i] == 0 && (reached == 1 || own >= 1)) {
                // Crossed warn-at: by this response, or by one counted at the same time and not told yet,
                // whose warning goes first. A response that alone crosses both levels is one 100 % warning.
                long used = reached == 1 ? total : own == 1 ? before : crossings.warnCount(size);
                tell.accept(crossings.warning(limit, used, size, resetAt));
            }
            if (reached == 2) {
                tell.accept(crossings.warning(limit, total, size, resetAt));
            }
            t.level[i] = reached;
        }
    }

    /** A warning from another replica: delivered here in order with this replica's own, and counted as told. */
    void relayed(String clientId, YearMonth month, Warning warning, Consumer<Warning> deliver) {
        Limit limit = Limit.byKey(warning.name());
        if (limit == null || !limit.monthly()) {
            deliver.accept(warning);
            return;
        }
        Told t = told.computeIfAbsent(clientId, k -> new Told());
        synchronized (t) {
            if (t.in(month)) {
                int i = limit.ordinal();
                t.level[i] = Math.max(t.level[i], crossings.level(warning.used(), warning.limit()));
            }
            deliver.accept(warning);
        }
    }
}
