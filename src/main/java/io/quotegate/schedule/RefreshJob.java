package io.quotegate.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job of one feed's slots: translates the trigger into the slot's run ({@link SlotRunner}: its feed and
 * its instant, the trigger's scheduled fire time) and waits for it (Quartz threads may block; event loops never do).
 * Concurrent runs of the same feed are refused by Quartz, and the refresher is single-flight besides.
 */
@DisallowConcurrentExecution
final class RefreshJob implements Job {

    static final String FEED = "feed";

    private final SlotRunner slots;

    RefreshJob(SlotRunner slots) {
        this.slots = slots;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String feed = context.getMergedJobDataMap().getString(FEED);
        slots.fire(feed, context.getScheduledFireTime().toInstant(), SlotRunner.Firing.SCHEDULER);
    }
}
