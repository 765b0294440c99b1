package io.quotegate.budget;

import io.quotegate.model.SlotUnit;
import io.quotegate.testing.MutableClock;
import java.util.Map;

/** The MemoryLedgerWindowsTest contract (minute, day and month windows) against {@link RedisLedger} on the local Redis. */
class RedisLedgerWindowsTest extends MemoryLedgerWindowsTest {

    @Override
    Ledger ledger(MutableClock clock, SlotUnit unit, Map<String, Shares> shares, Budget... budgets) {
        return RedisLedgers.ledger(clock, unit, shares, budgets);
    }
}
