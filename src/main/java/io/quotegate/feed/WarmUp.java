package io.quotegate.feed;

import io.quotegate.cache.SnapshotStore;
import io.quotegate.cluster.ClusterLock;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.TimeScale;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * At start, every feed without a snapshot refreshes once. The warm-ups start {@link #STAGGER} (model
 * time) apart and then run side by side, so a provider that hangs for one feed does not hold back
 * another feed's warm-up. Each goes through the ledger like a slot: a full minute defers a batch to
 * the next one. A slot firing meanwhile joins the warm-up in flight instead of calling again.
 *
 * <p>Distributed mode: a replica first loads the snapshots the cluster holds; if every feed has one it
 * is ready with no upstream call. Otherwise the one replica that takes the warm-up lock (a lease in
 * Redis) warms up the missing feeds, and the others get the results through the shared store.
 */
public final class WarmUp implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final FeedCatalog feeds;
    private final Refresher refresher;
    private final SnapshotStore store;
    private final TimeScale scale;
    private final Scheduler scheduler;
    private volatile @Nullable Disposable running;
    private final @Nullable ClusterLock lock;

    static final String LOCK = "warm-up";
    /** How long the warm-up lock is held at most (model time): longer than a warm-up of every feed takes. */
    static final Duration LEASE = Duration.ofMinutes(15);

    static final Duration STAGGER = Duration.ofSeconds(2);

    WarmUp(FeedCatalog feeds, Refresher refresher, SnapshotStore store, TimeScale scale, Scheduler scheduler) {
        this(feeds, refresher, store, scale, scheduler, null);
    }

    /**
     * @param lock the cluster's lock in distributed mode, so the warm-up runs once for the cluster and
     *             only when no replica has a snapshot; null in embedded mode
     */
    WarmUp(
            FeedCatalog feeds,
            Refresher refresher,
            SnapshotStore store,
            TimeScale scale,
            Scheduler scheduler,
            @Nullable ClusterLock lock) {
        this.lock = lock;
        this.feeds = feeds;
        this.refresher = refresher;
        this.store = store;
        this.scale = scale;
        this.scheduler = scheduler;
    }

    /**
     * The warm-ups start with the first lifecycle phase, before the HTTP servers and the Quartz
     * slots, rather than at {@code ApplicationReadyEvent}: they run on the quotegate scheduler while
     * the main thread still starts the public and management servers and the scheduler, about 0.3 s
     * of a 3 s start on two cores that readiness would otherwise wait for afterwards. Nothing they use
     * is a lifecycle bean: the ledger, store and providers are ready once constructed, and in
     * distributed mode the loop below waits for the cluster's store and lock anyway.
     */
    static final int PHASE = 0;

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }

    @Override
    public void start() {
        if (lock == null) {
            running = warmUp().subscribe();
            return;
        }
        // Distributed: first learn what the other replicas hold; warm up only what nobody has, and only
        // on the one replica that takes the cluster's warm-up lock.
        // Checked again every second until every feed has a snapshot, so a holder that dies mid-warm-up (its
        // lease runs out) or an answer lost on the way does not leave the cluster cold.
        Duration lease = scale.toReal(LEASE);
        running = Flux.interval(Duration.ZERO, RECHECK, scheduler)
                .onBackpressureDrop()
                .filter(t -> store.synced() && lock.ready())
                .concatMap(
                        t -> {
                            if (feeds.names().stream()
                                    .allMatch(f -> store.latest(f).isPresent())) {
                                if (t == 0) {
                                    log.info(
                                            "Every feed is served from the cluster's snapshots: no warm-up, no upstream call");
                                }
                                return Mono.just(true);
                            }
                            if (!lock.tryAcquire(LOCK, lease)) {
                                if (!waitingLogged) {
                                    waitingLogged = true;
                                    log.info(
                                            "Another replica is warming up the cluster; this one waits for its snapshots");
                                }
                                return Mono.just(false);
                            }
                            return warmUp().then(Mono.just(true)).doFinally(sig -> lock.release(LOCK));
                        },
                        1)
                .takeUntil(done -> done)
                .subscribe();
    }

    private volatile boolean waitingLogged;
    private static final Duration RECHECK = Duration.ofSeconds(1);

    /** How long normal feeds wait for the critical warm-ups before they start anyway (model time). */
    static final Duration CRITICAL_FIRST = Duration.ofSeconds(20);

    /**
     * Critical feeds warm up first, and the others once those are done, or after {@link #CRITICAL_FIRST}
     * if a critical provider is slow to answer: a warm-up is rationed by the hard limits alone, so on a
     * tight budget the feed that must always answer gets its credits first, and a failing provider does
     * not hold the other feeds back.
     */
    private Flux<?> warmUp() {
        Mono<Void> critical = group(Priority.CRITICAL).then().cache();
        Flux<?> normal = critical.timeout(scale.toReal(CRITICAL_FIRST), Mono.empty(), scheduler)
                .onErrorResume(e -> Mono.empty())
                .thenMany(group(Priority.NORMAL));
        return Flux.merge(critical, normal).doOnComplete(() -> log.info("Warm-up finished"));
    }

    private Flux<?> group(Priority priority) {
        Duration stagger = scale.toReal(STAGGER);
        return Flux.defer(() -> Flux.fromIterable(feeds.all())
                .filter(f -> f.priority() == priority && store.latest(f.name()).isEmpty())
                .index()
                .flatMap(t -> Mono.delay(stagger.multipliedBy(t.getT1()), scheduler)
                        .then(Mono.defer(() -> refresher.refresh(t.getT2().name(), Purpose.WARM_UP)))));
    }

    @Override
    public void stop() {
        Disposable d = running;
        running = null;
        if (d != null) {
            d.dispose();
        }
    }
}
