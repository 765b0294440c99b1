package io.quotegate.schedule;

import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.Refresher;
import java.util.Properties;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one Quartz job per feed on cron triggers derived from its slots (RAM job store; the clustered
 * JDBC store comes with distributed mode).
 *
 * <p>Misfire policy: <b>do nothing</b>. A slot that could not fire on time (the process was paused,
 * the pool was busy) is skipped, not run late; the feed keeps its last snapshot and refreshes at its
 * next slot. A trigger up to one unit late (60 s in minutes mode, 1 s in seconds mode) still counts as
 * on time. What keeps a slot out of the next one is the refresher: no wait or retry of a slot runs up
 * to the next slot of any feed sharing a provider, and the ledger enforces every per-minute limit.
 */
final class QuartzScheduling implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QuartzScheduling.class);

    private final FeedCatalog feeds;
    private final Refresher refresher;
    private final SlotSchedule schedule;
    private Scheduler scheduler;
    private volatile boolean running;

    QuartzScheduling(FeedCatalog feeds, Refresher refresher, SlotSchedule schedule) {
        this.feeds = feeds;
        this.refresher = refresher;
        this.schedule = schedule;
    }

    static long misfireThresholdMillis(SlotUnit unit) {
        return unit == SlotUnit.MINUTES ? 60_000 : 1_000;
    }

    @Override
    public void start() {
        try {
            Properties p = new Properties();
            p.setProperty("org.quartz.scheduler.instanceName", "quotegate");
            p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(Math.max(2, feeds.all().size())));
            p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
            p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(misfireThresholdMillis(schedule.unit())));
            p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
            scheduler = new StdSchedulerFactory(p).getScheduler();
            scheduler.setJobFactory((bundle, s) -> new RefreshJob(refresher));
            for (Feed feed : feeds.all()) {
                String cron = schedule.cron(feed.slots());
                JobDetail job = JobBuilder.newJob(RefreshJob.class).withIdentity("refresh-" + feed.name())
                        .usingJobData(RefreshJob.FEED, feed.name()).build();
                Trigger trigger = TriggerBuilder.newTrigger().withIdentity("slots-" + feed.name())
                        .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(schedule.zone())
                                .withMisfireHandlingInstructionDoNothing())
                        .build();
                scheduler.scheduleJob(job, trigger);
                log.info("Feed {} refreshes on '{}' ({}, {})", feed.name(), cron, schedule.unit().name().toLowerCase(), schedule.zone().getID());
            }
            scheduler.start();
            running = true;
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the slot scheduler: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        try {
            if (scheduler != null) {
                scheduler.shutdown(false);
            }
        } catch (SchedulerException e) {
            log.warn("Quartz did not shut down cleanly: {}", e.getMessage());
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
