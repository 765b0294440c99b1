package io.quotegate.budget;

import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import reactor.test.StepVerifier;

/** Small builders shared by the budget tests. */
final class LedgerFixture {

    private LedgerFixture() {}

    /** A budget; a null limit is not set. */
    static Budget budget(String provider, String cost, Integer perMinute, Integer perDay, Integer perMonth) {
        Map<Window, Integer> limits = new EnumMap<>(Window.class);
        if (perMinute != null) {
            limits.put(Window.MINUTE, perMinute);
        }
        if (perDay != null) {
            limits.put(Window.DAY, perDay);
        }
        if (perMonth != null) {
            limits.put(Window.MONTH, perMonth);
        }
        return new Budget(provider, CostModel.parse(cost), limits);
    }

    /** Twelve Data Basic: 1 credit per symbol, 8 a minute, 800 a day. */
    static Budget twelveData() {
        return budget("twelvedata", "per-symbol", 8, 800, null);
    }

    static MemoryLedger ledger(MutableClock clock, SlotUnit unit, Budget... budgets) {
        return ledger(clock, unit, Map.of(), LedgerStore.NONE, budgets);
    }

    static MemoryLedger ledger(
            MutableClock clock, SlotUnit unit, Map<String, Shares> shares, LedgerStore store, Budget... budgets) {
        Map<String, Budget> byProvider =
                Arrays.stream(budgets).collect(Collectors.toMap(Budget::provider, Function.identity()));
        return new MemoryLedger(byProvider, shares, Thresholds.defaults(), clock, TimeScale.of(unit), store);
    }

    static Spend normal(String provider, String feed, int credits) {
        return new Spend(provider, feed, Priority.NORMAL, credits, Purpose.SLOT);
    }

    static Spend critical(String provider, String feed, int credits) {
        return new Spend(provider, feed, Priority.CRITICAL, credits, Purpose.SLOT);
    }

    /** Reserves through the public, reactive API: exactly one decision, then completion. */
    static Decision reserve(Ledger ledger, Spend spend) {
        AtomicReference<Decision> out = new AtomicReference<>();
        StepVerifier.create(ledger.reserve(spend)).consumeNextWith(out::set).verifyComplete();
        return out.get();
    }
}
