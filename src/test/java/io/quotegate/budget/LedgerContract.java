package io.quotegate.budget;

import io.quotegate.model.SlotUnit;
import io.quotegate.testing.MutableClock;
import java.util.Map;

/**
 * The ledger contract: every test class extending this runs against {@link MemoryLedger}, and its
 * {@code Redis...} subclass runs the same tests against {@link RedisLedger} (see {@link RedisLedgers}).
 */
abstract class LedgerContract {

    /** The ledger under test, on a fresh and empty record. */
    Ledger ledger(MutableClock clock, SlotUnit unit, Map<String, Shares> shares, Budget... budgets) {
        return LedgerFixture.ledger(clock, unit, shares, LedgerStore.NONE, budgets);
    }

    final Ledger ledger(MutableClock clock, SlotUnit unit, Budget... budgets) {
        return ledger(clock, unit, Map.of(), budgets);
    }
}
