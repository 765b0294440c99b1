package io.quotegate.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the last refresh of a feed did, for /trace: per provider the outcome, how many symbols it
 * served, the batches and tries it took and the last message.
 */
public record RefreshReport(String feed, String purpose, Instant at, Duration took, long version, int served,
                           List<String> missing, Map<String, ProviderOutcome> providers) {

    public record ProviderOutcome(String outcome, int served, int batches, int tries, String message) {}
}
