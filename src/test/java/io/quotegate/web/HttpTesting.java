package io.quotegate.web;

import io.quotegate.cache.SnapshotStore;
import io.quotegate.feed.Feed;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.model.Snapshot;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The web tests' fixtures: {@code quotegate.http.*}, and an fx feed of two symbols with its snapshots. */
final class HttpTesting {

    static final Feed FX = new Feed(
            "fx",
            List.of("EUR/USD", "GBP/USD"),
            List.of(0, 30),
            Duration.ofMinutes(30),
            List.of("demo"),
            Priority.CRITICAL);

    /** The CORS origins, no admin token. */
    static HttpProperties properties(List<String> corsOrigins) {
        return new HttpProperties(
                new HttpProperties.Http(new HttpProperties.Cors(corsOrigins)), new HttpProperties.Admin(null));
    }

    /** Stores an fx snapshot of this version, both quotes as of now. */
    static void land(SnapshotStore store, Clock clock, long version) {
        store.put(new Snapshot(
                "fx",
                version,
                clock.instant(),
                false,
                "demo",
                List.of(
                        Quote.of("EUR/USD", BigDecimal.ONE, null, null, clock.instant(), "demo"),
                        Quote.of("GBP/USD", BigDecimal.TEN, null, null, clock.instant(), "demo"))));
    }

    private HttpTesting() {}
}
