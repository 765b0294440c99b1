package io.quotegate.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's PostgreSQL (the clustered Quartz job store lives there). The pool is created without
 * connecting, so an unreachable database does not stop the start: {@link #up()} is false, readiness
 * says so, and the scheduler starts once the database answers.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);

    /**
     * How long a statement on this pool waits for a row lock (PostgreSQL's {@code lock_timeout}, set for every
     * connection): Quartz takes its {@code QRTZ_LOCKS} rows {@code FOR UPDATE} with no bound of its own, so a
     * session that keeps them (a replica paused mid-transaction, until PostgreSQL drops it) would hold every other
     * replica's scheduler, and a pooled connection, for as long. Quartz's own waits are milliseconds; past this
     * one Quartz tries the lock twice more, 1 s apart ({@code StdRowLockSemaphore}), then its step fails and is
     * tried again later (the clustered start, the trigger scan, the check-in).
     */
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(10);

    private final String url;
    private final HikariDataSource pool;
    private volatile boolean up;
    private volatile boolean answeredOnce;
    private volatile @Nullable String lastError = "not connected yet";

    public Database(String url, @Nullable String username, @Nullable String password) {
        this.url = url;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (username != null) {
            config.setUsername(username);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setPoolName("quotegate-quartz");
        config.setMaximumPoolSize(6);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(2_000);
        config.setValidationTimeout(1_000);
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(false);
        config.addDataSourceProperty("options", "-c lock_timeout=" + LOCK_TIMEOUT.toMillis());
        this.pool = new HikariDataSource(config);
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Checks the database answers; called by the heartbeat. */
    public boolean probe() {
        try (Connection c = pool.getConnection()) {
            boolean valid = c.isValid(1);
            if (valid && !up) {
                log.info("Connected to PostgreSQL at {}", url);
            }
            up = valid;
            answeredOnce |= valid;
            lastError = valid ? null : "connection not valid";
        } catch (SQLException e) {
            if (up || "not connected yet".equals(lastError)) {
                log.warn("PostgreSQL at {} is unreachable: {}", url, e.getMessage());
            }
            up = false;
            lastError = e.getMessage();
        }
        return up;
    }

    /** True once the database has answered, even if it does not now. */
    public boolean answeredOnce() {
        return answeredOnce;
    }

    public boolean up() {
        return up;
    }

    public @Nullable String lastError() {
        return up ? null : lastError;
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        pool.close();
    }
}
