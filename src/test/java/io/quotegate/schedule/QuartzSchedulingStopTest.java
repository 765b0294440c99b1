package io.quotegate.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.model.Priority;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import io.quotegate.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A clustered scheduler start that PostgreSQL holds up: here another session holds the scheduler's rows in
 * {@code QRTZ_LOCKS}, as a replica that stopped mid-transaction would until PostgreSQL dropped its connection.
 * Stopping the service does not wait for that start; and where a lock timeout ends each try (as the service's
 * pool sets it), the tries do not leave their schedulers running. Needs PostgreSQL ({@link TestPostgres}).
 */
class QuartzSchedulingStopTest {

    private final DataSource pg = TestPostgres.dataSource();
    /** A scheduler name of this run's own: its rows are nobody else's. */
    private final String name = "stop-" + UUID.randomUUID().toString().substring(0, 8);

    private final FeedCatalog feeds = new FeedCatalog(List.of(new Feed(
            "fx", List.of("EUR/USD"), List.of(0, 30), Duration.ofMinutes(30), List.of("demo"), Priority.CRITICAL)));

    @Test
    void stopReturnsWhileAClusteredStartWaitsForALockAndThatStartThenShutsItsSchedulerDown() throws Exception {
        QuartzSchema.ensure(pg);
        try (Connection holder = pg.getConnection()) {
            holdLocks(holder);
            int holderPid = backendPid(holder);
            QuartzScheduling scheduling = scheduling(pg);
            try {
                scheduling.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> waitingFor(holderPid));

                CompletableFuture<Void> stopped = CompletableFuture.runAsync(scheduling::stop);
                assertThat(stopped).succeedsWithin(Duration.ofSeconds(10));
                assertThat(scheduling.isRunning()).isFalse();
                assertThat(scheduling.started()).isFalse();
            } finally {
                holder.rollback(); // the start goes on
                scheduling.stop(); // again, should an assertion above have failed: nothing may stay running
            }
            // ... finds the service stopped, and shuts its scheduler (and its threads) down.
            await().atMost(Duration.ofSeconds(30)).until(() -> !waitingFor(holderPid) && schedulerThreads() == 0);
            assertThat(scheduling.started()).isFalse();
        }
    }

    @Test
    void aStartWhoseLockTimesOutShutsItsSchedulerDownAndTheNextTryStartsOnceTheLockIsFree() throws Exception {
        QuartzSchema.ensure(pg);
        PGSimpleDataSource timed = (PGSimpleDataSource) TestPostgres.dataSource();
        timed.setOptions("-c lock_timeout=500"); // the service's pool: Database.LOCK_TIMEOUT
        QuartzScheduling scheduling = scheduling(timed);
        try (Connection holder = pg.getConnection()) {
            holdLocks(holder);
            scheduling.start();
            // Tries 500 ms apart and more: let at least three time out while the rows are held.
            long timedOut = 0;
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < until) {
                timedOut = Math.max(timedOut, schedulerThreadsNamed("_QuartzSchedulerThread"));
                Thread.sleep(50);
            }
            assertThat(timedOut)
                    .as("at most one try's scheduler alive at a time")
                    .isLessThanOrEqualTo(1);
            assertThat(scheduling.started()).isFalse();
            holder.rollback();
            await().atMost(Duration.ofSeconds(30)).until(scheduling::started);
            assertThat(schedulerThreadsNamed("_QuartzSchedulerThread"))
                    .as("the failed tries left no scheduler behind")
                    .isEqualTo(1);
        } finally {
            scheduling.stop();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> schedulerThreads() == 0);
    }

    /**
     * One replica's scheduling of this test's cluster on {@code database}. No refresher: no slot fires here (the
     * minute-unit slots are at :00 and :30, and each test stops its scheduler soon after it gets through).
     */
    private QuartzScheduling scheduling(DataSource database) {
        return new QuartzScheduling(
                feeds,
                new SlotRunner(null, null),
                null,
                new SlotSchedule(SlotUnit.MINUTES, ZoneOffset.UTC),
                new QuartzScheduling.ClusterStore(name, "replica-1", database));
    }

    private long schedulerThreadsNamed(String suffix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals(name + suffix))
                .count();
    }

    /** In a transaction left open: this scheduler's lock rows, held for update. */
    private void holdLocks(Connection holder) throws SQLException {
        for (String lock : List.of("TRIGGER_ACCESS", "STATE_ACCESS")) {
            try (PreparedStatement insert = holder.prepareStatement(
                    "INSERT INTO qrtz_locks (sched_name, lock_name) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, name);
                insert.setString(2, lock);
                insert.executeUpdate();
            }
        }
        holder.setAutoCommit(false);
        try (PreparedStatement hold =
                holder.prepareStatement("SELECT lock_name FROM qrtz_locks WHERE sched_name = ? FOR UPDATE")) {
            hold.setString(1, name);
            try (ResultSet r = hold.executeQuery()) {
                int rows = 0;
                while (r.next()) {
                    rows++;
                }
                assertThat(rows).isEqualTo(2);
            }
        }
    }

    /**
     * Whether a session waits for a lock the holder has (the scheduler's start, trying to take its rows).
     * Asked on a connection of its own: within the holder's transaction the activity view would not change.
     */
    private boolean waitingFor(int holderPid) throws SQLException {
        try (Connection c = pg.getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
            q.setInt(1, holderPid);
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1) > 0;
            }
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT pg_backend_pid()");
                ResultSet r = q.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    /** Live threads of this test's scheduler (Quartz names them after the scheduler). */
    private long schedulerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(name + "_"))
                .count();
    }
}
