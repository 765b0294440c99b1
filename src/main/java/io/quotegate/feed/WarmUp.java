package io.quotegate.feed;

import io.quotegate.cache.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * At start, every feed without a snapshot refreshes once. The warm-ups run one after another, so
 * they are staggered, and each goes through the ledger like a slot (a full minute defers the next
 * batch). A slot firing meanwhile joins the warm-up in flight instead of calling again.
 */
public final class WarmUp {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final FeedCatalog feeds;
    private final Refresher refresher;
    private final SnapshotStore store;
    private volatile Disposable running;

    WarmUp(FeedCatalog feeds, Refresher refresher, SnapshotStore store) {
        this.feeds = feeds;
        this.refresher = refresher;
        this.store = store;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        running = Flux.fromIterable(feeds.names())
                .filter(f -> store.latest(f).isEmpty())
                .concatMap(f -> refresher.refresh(f, "warm-up"))
                .doOnComplete(() -> log.info("Warm-up finished"))
                .subscribe();
    }

    public void stop() {
        Disposable d = running;
        if (d != null) {
            d.dispose();
        }
    }
}
