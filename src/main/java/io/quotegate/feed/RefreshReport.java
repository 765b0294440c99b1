package io.quotegate.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the last refresh of a feed did, for /trace: per provider (in the order the chain asked them)
 * the outcome, how many symbols it served, the batches and tries it took and the last message.
 *
 * @param version the version the feed has after this refresh: a new one, the one that stands, or 0 (none yet)
 */
public record RefreshReport(
        String feed,
        String purpose,
        Instant at,
        Duration took,
        long version,
        int served,
        List<String> missing,
        Map<String, ProviderOutcome> providers) {

    public RefreshReport {
        missing = List.copyOf(missing);
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
    }

    public record ProviderOutcome(Verdict outcome, int served, int batches, int tries, String message) {}
}
