package io.quotegate.budget;

import io.quotegate.model.Window;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared ledger's day and month counts, kept in PostgreSQL as well (the database distributed mode already needs
 * for its schedule), so they outlive Redis. Written behind: each replica writes the counts it just read from Redis,
 * once a second, off the decision path; a row only ever goes up ({@code GREATEST}), so replicas writing at once, or
 * a replica writing an older read, never lower a count. Also keeps each provider's generation: the number of times
 * its counts were created in Redis (1 when first created, +1 at each re-seed).
 *
 * <p>Tables ({@code quotegate_ledger}, {@code quotegate_ledger_generation}) are created at first use when absent.
 */
final class DurableLedger {

    private static final Logger log = LoggerFactory.getLogger(DurableLedger.class);
    private static final long SCHEMA_LOCK = 0x51_75_6f_74_65_4c_65L; // "QuoteLe"
    private static final Window[] KEPT = {Window.DAY, Window.MONTH};
    /** Windows older than this (model time) are removed: the current month and the one before are all that matter. */
    private static final Duration KEEP = Duration.ofDays(70);
    /** While PostgreSQL does not answer, how often a write is tried (each try may wait for the pool's timeout). */
    private static final long RETRY_MILLIS = 5_000;

    /** What PostgreSQL holds of a provider: its generation (0: never created) and its current day and month counts. */
    record Seed(long generation, Map<Window, Map<String, Long>> counts) {

        static final Seed NONE = new Seed(0, Map.of());

        Map<String, Long> counts(Window w) {
            return counts.getOrDefault(w, Map.of());
        }
    }

    private final DataSource dataSource;
    private final String cluster;
    /** What this replica last wrote per row, so an unchanged count is not written again. */
    private final Map<String, Long> written = new ConcurrentHashMap<>();

    private volatile long writtenDay;
    private volatile boolean schema;
    private volatile boolean failing;
    private volatile long failedAt;
    private volatile long trimmedAt;

    /**
     * @param cluster the cluster's key prefix: replicas sharing it share these rows
     */
    public DurableLedger(DataSource dataSource, String cluster) {
        this.dataSource = dataSource;
        this.cluster = cluster;
    }

    /** Writes the provider's current day and month counts ({@code _t} is the total), where they went up. */
    void writeBehind(String provider, Instant now, Map<Window, Map<String, Long>> counts) {
        long day = Windows.start(Window.DAY, now).toEpochMilli();
        if (day != writtenDay) {
            written.clear(); // rows of windows that are over are never written again
            writtenDay = day;
        }
        Map<String, Object[]> rows = new HashMap<>();
        for (Window w : KEPT) {
            long start = Windows.start(w, now).toEpochMilli();
            counts.getOrDefault(w, Map.of()).forEach((feed, credits) -> {
                String id = provider + '\u001f' + w.label() + '\u001f' + start + '\u001f' + feed;
                Long before = written.get(id);
                if (before == null || credits > before) {
                    rows.put(id, new Object[] {w.label(), start, feed, credits});
                }
            });
        }
        if (rows.isEmpty() || (failing && System.currentTimeMillis() - failedAt < RETRY_MILLIS)) {
            return; // nothing new; or PostgreSQL is away: the watch must not wait for its pool every second
        }
        try (Connection c = connection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO quotegate_ledger (cluster, provider, win, start_ms, feed, credits, written_ms)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cluster, provider, win, start_ms, feed)"
                            + " DO UPDATE SET credits = GREATEST(quotegate_ledger.credits, EXCLUDED.credits),"
                            + " written_ms = EXCLUDED.written_ms")) {
                for (Object[] r : rows.values()) {
                    s.setString(1, cluster);
                    s.setString(2, provider);
                    s.setString(3, (String) r[0]);
                    s.setLong(4, (Long) r[1]);
                    s.setString(5, (String) r[2]);
                    s.setLong(6, (Long) r[3]);
                    s.setLong(7, System.currentTimeMillis());
                    s.addBatch();
                }
                s.executeBatch();
            }
            trim(c, now);
            c.commit();
            rows.forEach((id, r) -> written.put(id, (Long) r[3]));
            if (failing) {
                log.info("Ledger counts are written to PostgreSQL again");
                failing = false;
            }
        } catch (SQLException | RuntimeException e) {
            if (!failing) {
                log.warn(
                        "Ledger counts not written to PostgreSQL ({}); they stay in Redis and are written when it answers",
                        e.getMessage());
                failing = true;
            }
            failedAt = System.currentTimeMillis();
        }
    }

    /** The provider's generation and its counts of the day and month at {@code now}. */
    Seed load(String provider, Instant now) throws SQLException {
        try (Connection c = connection()) {
            long generation = 0;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT generation FROM quotegate_ledger_generation WHERE cluster = ? AND provider = ?")) {
                s.setString(1, cluster);
                s.setString(2, provider);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next()) {
                        generation = r.getLong(1);
                    }
                }
            }
            Map<Window, Map<String, Long>> counts = new EnumMap<>(Window.class);
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT feed, credits FROM quotegate_ledger WHERE cluster = ? AND provider = ? AND win = ?"
                            + " AND start_ms = ?")) {
                for (Window w : KEPT) {
                    s.setString(1, cluster);
                    s.setString(2, provider);
                    s.setString(3, w.label());
                    s.setLong(4, Windows.start(w, now).toEpochMilli());
                    Map<String, Long> byFeed = new HashMap<>();
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            byFeed.put(r.getString(1), r.getLong(2));
                        }
                    }
                    counts.put(w, byFeed);
                }
            }
            c.commit();
            return new Seed(generation, counts);
        }
    }

    /** Moves the provider's generation on by one (to 1 the first time) and returns it. */
    long nextGeneration(String provider) throws SQLException {
        try (Connection c = connection();
                PreparedStatement s = c.prepareStatement(
                        "INSERT INTO quotegate_ledger_generation (cluster, provider, generation) VALUES (?, ?, 1)"
                                + " ON CONFLICT (cluster, provider) DO UPDATE SET generation ="
                                + " quotegate_ledger_generation.generation + 1 RETURNING generation")) {
            s.setString(1, cluster);
            s.setString(2, provider);
            long g;
            try (ResultSet r = s.executeQuery()) {
                r.next();
                g = r.getLong(1);
            }
            c.commit();
            return g;
        }
    }

    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(false);
            if (!schema) {
                createTables(c);
                schema = true;
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Creates the tables when absent; replicas starting together serialise on an advisory lock. */
    private static void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            s.execute("CREATE TABLE IF NOT EXISTS quotegate_ledger (cluster text NOT NULL, provider text NOT NULL,"
                    + " win text NOT NULL, start_ms bigint NOT NULL, feed text NOT NULL, credits bigint NOT NULL,"
                    + " written_ms bigint NOT NULL, PRIMARY KEY (cluster, provider, win, start_ms, feed))");
            s.execute("CREATE TABLE IF NOT EXISTS quotegate_ledger_generation (cluster text NOT NULL,"
                    + " provider text NOT NULL, generation bigint NOT NULL, PRIMARY KEY (cluster, provider))");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /** Once an hour: rows of windows long over go. */
    private void trim(Connection c, Instant now) throws SQLException {
        long real = System.currentTimeMillis();
        if (real - trimmedAt < 3_600_000) {
            return;
        }
        try (PreparedStatement s =
                c.prepareStatement("DELETE FROM quotegate_ledger WHERE cluster = ? AND start_ms < ?")) {
            s.setString(1, cluster);
            s.setLong(2, now.minus(KEEP).toEpochMilli());
            s.executeUpdate();
        }
        trimmedAt = real;
    }
}
