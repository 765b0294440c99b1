package io.quotegate.feed;

import io.quotegate.cache.SnapshotStore;
import io.quotegate.model.TimeScale;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * At start, every feed without a snapshot refreshes once. The warm-ups start {@link #STAGGER} (model
 * time) apart and then run side by side, so a provider that hangs for one feed does not hold back
 * another feed's warm-up. Each goes through the ledger like a slot: a full minute defers a batch to
 * the next one. A slot firing meanwhile joins the warm-up in flight instead of calling again.
 */
public final class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final FeedCatalog feeds;
    private final Refresher refresher;
    private final SnapshotStore store;
    private final TimeScale scale;
    private final Scheduler scheduler;
    private volatile Disposable running;

    static final Duration STAGGER = Duration.ofSeconds(2);

    WarmUp(FeedCatalog feeds, Refresher refresher, SnapshotStore store, TimeScale scale, Scheduler scheduler) {
        this.feeds = feeds;
        this.refresher = refresher;
        this.store = store;
        this.scale = scale;
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        Duration stagger = scale.toReal(STAGGER);
        running = Flux.fromIterable(feeds.names())
                .filter(f -> store.latest(f).isEmpty())
                .index()
                .flatMap(t -> Mono.delay(stagger.multipliedBy(t.getT1()), scheduler)
                        .then(Mono.defer(() -> refresher.refresh(t.getT2(), "warm-up"))))
                .doOnComplete(() -> log.info("Warm-up finished"))
                .subscribe();
    }

    @jakarta.annotation.PreDestroy
    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
    }
}
