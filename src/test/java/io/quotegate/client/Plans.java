package io.quotegate.client;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.testing.MutableClock;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/** Test plans: a small tier and a key for it, and a gate on in-memory parts and a hand-moved clock. */
final class Plans {

    static final String KEY = "test-key-123";
    static final String OTHER_KEY = "other-key-456";

    static ClientProperties properties(String anonymousTier, ClientProperties.TierLimits small) {
        return new ClientProperties(
                anonymousTier,
                0.8,
                Map.of(
                        "small",
                        small,
                        "basic",
                        new ClientProperties.TierLimits(600, 5, 10000, DataSize.ofGigabytes(50))),
                List.of(
                        new ClientProperties.KeyEntry("team-a", ClientDirectory.sha256(KEY), "small"),
                        new ClientProperties.KeyEntry("team-b", ClientDirectory.sha256(OTHER_KEY), "basic")),
                "test:");
    }

    static ClientProperties.TierLimits tier(long rpm, int streams, long messages, long bytes) {
        return new ClientProperties.TierLimits(rpm, streams, messages, DataSize.ofBytes(bytes));
    }

    static ClientGate gate(ClientProperties p, Clock clock, SimpleMeterRegistry meters) {
        return new ClientGate(
                new ClientDirectory(p),
                new LocalRequestLimiter(clock),
                new LocalStreamRegistry(),
                new LocalUsageCounters(),
                new ClientMetrics(meters, p.tiers().keySet()),
                clock,
                p.warnAt());
    }

    static MutableClock clock() {
        return MutableClock.at("2026-12-01T10:00:00Z");
    }

    private Plans() {}
}
