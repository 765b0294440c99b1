package io.quotegate.cache;

import io.quotegate.model.Quote;
import io.quotegate.model.Snapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Small snapshots for store tests. */
final class Snapshots {

    private Snapshots() {}

    static Snapshot fx(long version, Instant asOf) {
        return new Snapshot(
                "fx",
                version,
                asOf,
                false,
                "demo",
                List.of(
                        Quote.of(
                                "EUR/USD",
                                new BigDecimal("1.08321"),
                                new BigDecimal("0.00121"),
                                new BigDecimal("0.1118"),
                                asOf,
                                "demo"),
                        Quote.of(
                                "USD/JPY",
                                new BigDecimal("150.125"),
                                new BigDecimal("-0.250"),
                                new BigDecimal("-0.1663"),
                                asOf,
                                "demo")));
    }

    static Snapshot of(String feed, long version, Instant asOf) {
        return new Snapshot(
                feed,
                version,
                asOf,
                false,
                "demo",
                List.of(Quote.of(
                        "X",
                        new BigDecimal("100.00"),
                        new BigDecimal("1.00"),
                        new BigDecimal("1.0101"),
                        asOf,
                        "demo")));
    }
}
