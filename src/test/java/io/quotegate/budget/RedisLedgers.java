package io.quotegate.budget;

import io.lettuce.core.RedisURI;
import io.quotegate.cluster.RedisLink;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.testing.MutableClock;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * RedisLedgers on the local Redis (127.0.0.1:6379, or {@code QUOTEGATE_TEST_REDIS_URL}), each under
 * its own random key prefix so tests never see each other's counts, nor those of another build.
 */
final class RedisLedgers {

    private static RedisLink shared;

    private RedisLedgers() {}

    static synchronized RedisLink link() {
        if (shared == null) {
            String url = System.getenv().getOrDefault("QUOTEGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379");
            shared = new RedisLink(RedisURI.create(url), "unused").connectNow();
        }
        return shared.scoped("qgtest-" + UUID.randomUUID());
    }

    static RedisLedger ledger(MutableClock clock, SlotUnit unit, Map<String, Shares> shares, Budget... budgets) {
        Map<String, Budget> byProvider =
                Arrays.stream(budgets).collect(Collectors.toMap(Budget::provider, Function.identity()));
        return new RedisLedger(byProvider, shares, Thresholds.defaults(), clock, TimeScale.of(unit), link(), () -> 1);
    }
}
