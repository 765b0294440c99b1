package io.quotegate.schedule;

import io.quotegate.feed.Refresher;
import java.time.Duration;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The Quartz job of one feed's slots: translates the trigger into {@code refresher.refresh(feed)}
 * and waits for it (Quartz threads may block; event loops never do). Concurrent runs of the same
 * feed are refused by Quartz, and the refresher is single-flight besides.
 */
@DisallowConcurrentExecution
final class RefreshJob implements Job {

    static final String FEED = "feed";
    private static final Duration LONGEST = Duration.ofHours(1);

    private final Refresher refresher;

    RefreshJob(Refresher refresher) {
        this.refresher = refresher;
    }

    @Override
    public void execute(JobExecutionContext context) {
        String feed = context.getMergedJobDataMap().getString(FEED);
        refresher.refresh(feed, "slot").block(LONGEST);
    }
}
