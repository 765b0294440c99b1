package io.quotegate.budget;

import io.quotegate.model.SlotUnit;
import io.quotegate.testing.MutableClock;
import java.util.Map;

/** The MemoryLedgerEdgeTest contract (a window's edge) against {@link RedisLedger} on the local Redis. */
class RedisLedgerEdgeTest extends MemoryLedgerEdgeTest {

    @Override
    Ledger ledger(MutableClock clock, SlotUnit unit, Map<String, Shares> shares, Budget... budgets) {
        return RedisLedgers.ledger(clock, unit, shares, budgets);
    }
}
