package io.quotegate.budget;

import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.time.Duration;
import java.time.Instant;

/**
 * The rule of a window's edge, the same in both ledgers: a spend reserved less than the provider's edge guard
 * (real time) before a window ends may reach the provider after it, and the provider counts it by its own clock
 * when it arrives. So it counts in that window and in the next one, and must fit both.
 */
final class EdgeGuard {

    private EdgeGuard() {}

    /** True when a spend at model time {@code now} may be counted by the provider in the window after the current one. */
    static boolean reachesNext(Budget budget, Window window, Instant now, TimeScale scale) {
        if (budget.edgeGuard().isZero()) {
            return false;
        }
        Duration left = scale.toReal(Duration.between(now, Windows.end(window, now)));
        return left.compareTo(budget.edgeGuard()) < 0;
    }
}
