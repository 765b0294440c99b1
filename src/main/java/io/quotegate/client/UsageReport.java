package io.quotegate.client;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /usage}: the caller's name and tier, per limit what is used, the limit, what remains,
 * the percentage and when it resets, the billing period, and two flags.
 *
 * @param warning       some limit is at or above {@code warn-at}
 * @param limitExceeded some limit is used up
 */
public record UsageReport(
        String name,
        String tier,
        Map<String, LimitUsage> limits,
        BillingPeriod billingPeriod,
        boolean warning,
        boolean limitExceeded) {

    /**
     * One limit. {@code limit}, {@code remaining} and {@code percentage} are null when the tier does not
     * limit it; {@code resetAt} is null for streams (they free as they close).
     */
    public record LimitUsage(
            long used,
            @Nullable Long limit,
            @Nullable Long remaining,
            @Nullable Double percentage,
            @Nullable Instant resetAt) {}
}
