package io.quotegate.schedule;

import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.Refresher;
import io.quotegate.feed.SpareRefresh;
import io.quotegate.logging.Outage;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import java.util.Properties;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one Quartz job per feed on cron triggers derived from its slots ({@link QuartzJobs}): in the RAM
 * job store in embedded mode, in the clustered JDBC store on PostgreSQL in distributed mode (each slot
 * fires on one replica).
 *
 * <p>Misfire policy: <b>do nothing</b>. A slot that could not fire on time (the process was paused,
 * the pool was busy) is skipped, not run late; the feed keeps its last snapshot and refreshes at its
 * next slot. A trigger up to one unit late (60 s in minutes mode, 1 s in seconds mode) still counts as
 * on time. What keeps a slot out of the next one is the refresher: no wait or retry of a slot runs up
 * to the next slot of any feed sharing a provider, and the ledger enforces every per-minute limit.
 *
 * <p>With {@code quotegate.budget.spare.enabled}, each critical feed has a second job on the same terms, on
 * its spare instants between its slots ({@link SpareRefresh}): clustered, each fires on one replica too.
 */
final class QuartzScheduling implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QuartzScheduling.class);

    private final FeedCatalog feeds;
    private final SlotRunner slots;
    private volatile @Nullable LocalSlots local;
    private final SlotSchedule schedule;
    private volatile @Nullable Scheduler scheduler;
    private volatile boolean running;
    private final @Nullable ClusterStore cluster;
    private final @Nullable SpareRefresh spare;

    /** The clustered JDBC store's settings: scheduler name, this replica's id, the PostgreSQL pool. */
    record ClusterStore(String name, String instance, DataSource dataSource) {}

    QuartzScheduling(FeedCatalog feeds, Refresher refresher, @Nullable SpareRefresh spare, SlotSchedule schedule) {
        this(feeds, new SlotRunner(refresher, null), spare, schedule, null);
    }

    QuartzScheduling(
            FeedCatalog feeds,
            SlotRunner slots,
            @Nullable SpareRefresh spare,
            SlotSchedule schedule,
            @Nullable ClusterStore cluster) {
        this.cluster = cluster;
        this.spare = spare;
        this.feeds = feeds;
        this.slots = slots;
        this.schedule = schedule;
    }

    /** Distributed mode: this replica's own schedule beside the clustered one ({@link LocalSlots}). */
    QuartzScheduling withLocalSlots(LocalSlots slots) {
        this.local = slots;
        return this;
    }

    /** Whether the clustered scheduler runs on this replica (it fires slots only while PostgreSQL answers too). */
    boolean started() {
        return scheduler != null;
    }

    static long misfireThresholdMillis(SlotUnit unit) {
        return unit == SlotUnit.MINUTES ? 60_000 : 1_000;
    }

    @Override
    public void start() {
        if (cluster == null) {
            try {
                startScheduler(ramStore());
            } catch (SchedulerException e) {
                throw new IllegalStateException("cannot start the slot scheduler: " + e.getMessage(), e);
            }
            running = true;
            return;
        }
        // Clustered: the database may not be there yet. Keep trying in the background; meanwhile this replica's own
        // schedule fires the slots, and their claims in Redis decide which replica runs each.
        running = true;
        LocalSlots l = local;
        if (l != null) {
            l.start();
        }
        Thread t = new Thread(this::startClusteredWhenPossible, "quartz-cluster-start");
        t.setDaemon(true);
        t.start();
    }

    /** Tries to start the clustered scheduler while PostgreSQL is away: one WARN, not one every try. */
    private final Outage notStarted = new Outage(log);

    private void startClusteredWhenPossible() {
        ClusterStore c = cluster;
        if (c == null) {
            return;
        }
        long wait = 500;
        while (running && scheduler == null) {
            try {
                QuartzSchema.ensure(c.dataSource());
                if (startScheduler(clusteredStore(c))) {
                    log.info("Clustered scheduler '{}' started on PostgreSQL as instance {}", c.name(), c.instance());
                    notStarted.over("Clustered scheduler '{}' started", c.name());
                } else {
                    log.info("Clustered scheduler '{}' not started: the service stopped meanwhile", c.name());
                }
                return;
            } catch (Exception e) {
                notStarted.failed(
                        "Clustered scheduler not started yet ({}); retrying in {} ms. Meanwhile slots fire on each"
                                + " replica's own schedule and are claimed in Redis.",
                        e.getMessage(),
                        wait);
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                wait = Math.min(5_000, wait * 2);
            }
        }
    }

    private Properties ramStore() {
        Properties p = common("quotegate");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return p;
    }

    /**
     * The JDBC job store on PostgreSQL, clustered: each trigger fires on exactly one replica (row locks in
     * QRTZ_LOCKS), a non-concurrent job runs on one replica at a time, and a replica that stops checking in
     * is taken over. Jobs do not request recovery (Quartz would re-fire only after its fixed 7.5 s failure detection,
     * and only while PostgreSQL answers): a slot whose replica died mid-run is taken over through its claim in Redis
     * instead ({@link LocalSlots}).
     */
    private Properties clusteredStore(ClusterStore c) {
        String ds = "quotegate-" + c.name() + "-" + c.instance();
        DBConnectionManager.getInstance().addConnectionProvider(ds, new PooledConnections(c.dataSource()));
        Properties p = common(c.name());
        p.setProperty("org.quartz.scheduler.instanceId", c.instance());
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", ds);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty(
                "org.quartz.jobStore.clusterCheckinInterval", schedule.unit() == SlotUnit.SECONDS ? "1000" : "7500");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // How soon Quartz tries PostgreSQL again after losing it (default 15 s): until it has, slots nobody claimed are
        // run by the replicas' own schedules (LocalSlots).
        p.setProperty("org.quartz.jobStore.dbRetryInterval", schedule.unit() == SlotUnit.SECONDS ? "1000" : "5000");
        p.setProperty("org.quartz.scheduler.idleWaitTime", schedule.unit() == SlotUnit.SECONDS ? "1000" : "30000");
        return p;
    }

    private Properties common(String name) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", name);
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(Math.max(2, (int)
                QuartzJobs.of(feeds, spare, schedule).stream()
                        .filter(j -> j.cron() != null)
                        .count())));
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(misfireThresholdMillis(schedule.unit())));
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        return p;
    }

    /**
     * Builds, fills and starts a scheduler, then publishes it (true), unless the service stopped meanwhile: then
     * it is shut down again (false). Not under this object's lock: with the clustered store every step may wait on
     * PostgreSQL (a row lock in QRTZ_LOCKS that another session holds, a connection that does not answer),
     * and {@link #stop} must not wait for that.
     */
    private boolean startScheduler(Properties p) throws SchedulerException {
        if (!running && cluster != null) {
            return false;
        }
        Scheduler s = new StdSchedulerFactory(p).getScheduler();
        // Quartz keeps one scheduler per name per JVM; replicas of one cluster share the name (it is the
        // cluster's key in the tables), so forget it here and let each replica in this JVM have its own.
        SchedulerRepository.getInstance().remove(s.getSchedulerName());
        s.setJobFactory((bundle, x) -> bundle.getJobDetail().getJobClass() == SpareJob.class && spare != null
                ? new SpareJob(spare)
                : new RefreshJob(slots));
        try {
            QuartzJobs.apply(s, QuartzJobs.of(feeds, spare, schedule), schedule);
            s.start();
        } catch (SchedulerException | RuntimeException e) {
            // Its threads are already running: a start that failed (a lock PostgreSQL timed out, a connection
            // lost) shuts them down before the next try builds another scheduler.
            s.shutdown(false);
            throw e;
        }
        synchronized (this) {
            if (running || cluster == null) {
                scheduler = s;
                return true;
            }
        }
        s.shutdown(false); // stopped while this start waited
        return false;
    }

    /**
     * Stops at once, whatever a clustered start in the background is waiting for: that start shuts its
     * scheduler down itself when it gets through ({@link #startScheduler}). A later {@link #start} starts
     * afresh.
     */
    @Override
    public void stop() {
        running = false;
        LocalSlots l = local;
        if (l != null) {
            l.close();
        }
        slots.close();
        Scheduler s;
        synchronized (this) {
            s = scheduler;
            scheduler = null;
        }
        try {
            if (s != null) {
                s.shutdown(false);
            }
        } catch (SchedulerException e) {
            log.warn("Quartz did not shut down cleanly: {}", e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
