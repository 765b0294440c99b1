package io.quotegate.budget;

import io.quotegate.model.SlotUnit;
import io.quotegate.testing.MutableClock;
import java.util.Map;

/** The MemoryLedgerSecondsModeTest contract (the compressed seconds mode) against {@link RedisLedger} on the local Redis. */
class RedisLedgerSecondsModeTest extends MemoryLedgerSecondsModeTest {

    @Override
    Ledger ledger(MutableClock clock, SlotUnit unit, Map<String, Shares> shares, Budget... budgets) {
        return RedisLedgers.ledger(clock, unit, shares, budgets);
    }
}
