package io.quotegate.budget;

import io.quotegate.model.SlotUnit;
import io.quotegate.testing.MutableClock;
import java.util.Map;

/** The HeaderSyncTest contract (header sync) against {@link RedisLedger} on the local Redis. */
class RedisHeaderSyncTest extends HeaderSyncTest {

    @Override
    Ledger ledger(MutableClock clock, SlotUnit unit, Map<String, Shares> shares, Budget... budgets) {
        return RedisLedgers.ledger(clock, unit, shares, budgets);
    }
}
