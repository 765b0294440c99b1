package io.quotegate.schedule;

import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.SpareRefresh;
import io.quotegate.model.SlotSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz jobs of {@link QuartzScheduling}: which jobs and cron triggers the feeds need, and how a
 * scheduler (its own, or a cluster's shared store that another replica may have filled) is brought to them.
 */
final class QuartzJobs {

    private static final Logger log = LoggerFactory.getLogger(QuartzJobs.class);

    private QuartzJobs() {}

    /**
     * One job and its cron trigger: a feed's slots ({@link RefreshJob}), or its spare instants
     * ({@link SpareJob}); a {@code null} cron means the job must not exist (spare refreshes off).
     */
    record Planned(
            Class<? extends Job> type,
            String job,
            String trigger,
            String feed,
            @Nullable String cron) {}

    /** Every feed's slot job, then for each feed its spare job (or the order to remove one). */
    static List<Planned> of(FeedCatalog feeds, @Nullable SpareRefresh spare, SlotSchedule schedule) {
        List<Planned> out = new ArrayList<>();
        for (Feed feed : feeds.all()) {
            String name = feed.name();
            out.add(new Planned(
                    RefreshJob.class, "refresh-" + name, "slots-" + name, name, schedule.cron(feed.slots())));
            List<Integer> extra = spare == null || !spare.enabled()
                    ? List.of()
                    : spare.instants().getOrDefault(name, List.of());
            out.add(new Planned(
                    SpareJob.class,
                    "spare-" + name,
                    "spare-slots-" + name,
                    name,
                    extra.isEmpty() ? null : schedule.cron(extra)));
        }
        return List.copyOf(out);
    }

    /** Brings the scheduler's jobs to the plan, each job said in the log. */
    static void apply(Scheduler s, List<Planned> plan, SlotSchedule schedule) throws SchedulerException {
        for (Planned j : plan) {
            if (j.cron() == null) {
                // Off, or not a critical feed: a spare trigger left in a clustered store by an earlier start goes.
                s.deleteJob(JobKey.jobKey(j.job()));
                continue;
            }
            ensure(s, j, schedule);
            log.info(
                    "Feed {} {} on '{}' ({}, {})",
                    j.feed(),
                    j.type() == SpareJob.class ? "may take spare refreshes late in the day" : "refreshes",
                    j.cron(),
                    schedule.unit().name().toLowerCase(),
                    schedule.zone().getID());
        }
    }

    /**
     * Schedules the job on its cron trigger, unless this or another replica of the cluster already did with
     * the same cron and zone (its fire times are then left alone). Misfire policy: do nothing.
     */
    private static void ensure(Scheduler s, Planned j, SlotSchedule schedule) throws SchedulerException {
        String cron = Objects.requireNonNull(j.cron());
        JobDetail job = JobBuilder.newJob(j.type())
                .withIdentity(j.job())
                .usingJobData(RefreshJob.FEED, j.feed())
                .storeDurably()
                .build();
        Trigger trigger = TriggerBuilder.newTrigger()
                .withIdentity(j.trigger())
                .forJob(job)
                .withSchedule(CronScheduleBuilder.cronSchedule(cron)
                        .inTimeZone(schedule.zone())
                        .withMisfireHandlingInstructionDoNothing())
                .build();
        Trigger existing = s.getTrigger(trigger.getKey());
        if (existing instanceof CronTrigger ct
                && ct.getCronExpression().equals(cron)
                && ct.getTimeZone().getID().equals(schedule.zone().getID())) {
            return;
        }
        try {
            s.scheduleJob(job, Set.of(trigger), true);
        } catch (ObjectAlreadyExistsException race) {
            log.debug("another replica scheduled {} first", j.job());
        }
    }
}
