package io.quotegate.schedule;

import io.quotegate.feed.SpareRefresh;
import java.time.Duration;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job of one critical feed's spare instants: translates the trigger into
 * {@code spare.run(feed)} and waits for it. Whether the day has credits to spare is the feed's business.
 */
@DisallowConcurrentExecution
final class SpareJob implements Job {

    private static final Duration LONGEST = Duration.ofHours(1);

    private final SpareRefresh spare;

    SpareJob(SpareRefresh spare) {
        this.spare = spare;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String feed = context.getMergedJobDataMap().getString(RefreshJob.FEED);
        spare.run(feed).block(LONGEST);
    }
}
