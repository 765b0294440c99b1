package io.quotegate.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.SnapshotStore;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;

/**
 * Fans each feed's new versions out to SSE subscribers.
 *
 * <p>Design, for tens of thousands of idle connections: per feed, a concurrent set of
 * {@link Ribbon}s; a ribbon is one connection's whole state (a pending slot per feed, the versions
 * sent, its demand) in one small object, with no operator chain and no timer of its own. Publishing a
 * version puts it in every subscriber's slot for that feed (replacing an older one nobody took yet)
 * and drains what demand allows, on the ribbon's lane (the event loop that writes its connection,
 * one task per chunk of connections: {@link Lanes}) or, without one, on the publishing thread; a
 * single-feed stream's frames are encoded once per version ({@link VersionFrames}) and shared. A slow client,
 * whose transport stops asking, thus holds at most one version per feed and gets the latest when it
 * asks again. One shared tick on the injected scheduler marks a heartbeat pending in every ribbon, the
 * same way.
 *
 * <p>A connection starts with event {@code snapshot} (the current version, fresh or stale) unless its
 * {@code Last-Event-ID} is already current, then gets event {@code update} per new version.
 */
public final class Broadcaster implements AutoCloseable {

    private final Map<String, Set<Ribbon>> byFeed = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> subscribers = new LinkedHashMap<>();
    private final Set<Ribbon> all = ConcurrentHashMap.newKeySet();
    /** Per feed, the frames of the newest version encoded so far. */
    private final Map<String, AtomicReference<@Nullable VersionFrames>> frames = new ConcurrentHashMap<>();

    private final SnapshotStore store;
    private final Disposable tick;
    private volatile boolean ending;

    public Broadcaster(
            Collection<String> feeds,
            SnapshotStore store,
            Duration heartbeat,
            Scheduler scheduler,
            MeterRegistry meters) {
        this.store = store;
        for (String feed : feeds) {
            byFeed.put(feed, ConcurrentHashMap.newKeySet());
            AtomicInteger count = new AtomicInteger();
            subscribers.put(feed, count);
            Gauge.builder("quotegate.sse.subscribers", count, AtomicInteger::get)
                    .description("Open SSE connections per feed")
                    .tag("feed", feed)
                    .register(meters);
        }
        this.tick = Flux.interval(heartbeat, heartbeat, scheduler)
                .subscribe(t -> Lanes.run(all, r -> r.lane, r -> r.safely(Ribbon::heartbeat)));
    }

    /** Publishes a new version to every subscriber of its feed. Safe from any thread. */
    public void publish(CachedSnapshot version) {
        Set<Ribbon> ribbons = byFeed.get(version.snapshot().feed());
        if (ribbons == null) {
            return;
        }
        Lanes.run(ribbons, r -> r.lane, r -> r.safely(x -> x.offer(version)));
    }

    /**
     * The frames of one feed's stream, with heartbeats. {@code lastEventId} may be null. They are handed
     * over on {@code lane}: the thread that writes this connection (its event loop), so that a publish
     * costs each lane one task per chunk of connections instead of a task per connection ({@link Lanes}).
     * Null: on the publishing thread.
     */
    public Flux<Frame> stream(String feed, @Nullable Long lastEventId, @Nullable Executor lane) {
        return new Stream(List.of(feed), lastEventId == null ? Map.of() : Map.of(feed, lastEventId), false, lane);
    }

    /**
     * One stream for several feeds. Each event's data names its feed; its id is the vector of versions
     * sent so far ({@code fx:42,crypto:17}), so a resume skips every feed that is already current.
     */
    public Flux<Frame> combined(List<String> feeds, Map<String, Long> lastEventIds, @Nullable Executor lane) {
        return new Stream(List.copyOf(feeds), Map.copyOf(lastEventIds), true, lane);
    }

    public int subscribers(String feed) {
        AtomicInteger n = subscribers.get(feed);
        return n == null ? 0 : n.get();
    }

    /**
     * Ends every stream, and every stream opened from now on, as the service stops: a client reconnects
     * with its {@code Last-Event-ID} (to another replica) instead of holding the server's graceful
     * shutdown until it times out.
     */
    public void endAll() {
        ending = true;
        Lanes.run(all, r -> r.lane, r -> r.safely(Ribbon::end));
    }

    /**
     * Streams opened from now on stay open again: the service was started again after a stop (a test
     * framework pauses an idle context that way, and starts it again when a test needs it).
     */
    public void resume() {
        ending = false;
    }

    /** Stops the shared heartbeat tick. */
    @Override
    public void close() {
        tick.dispose();
    }

    /** A cold stream: each subscription is a new {@link Ribbon}. */
    private final class Stream extends Flux<Frame> {

        private final List<String> feeds;
        private final Map<String, Long> lastEventIds;
        private final boolean combined;
        private final @Nullable Executor lane;

        Stream(List<String> feeds, Map<String, Long> lastEventIds, boolean combined, @Nullable Executor lane) {
            this.feeds = feeds;
            this.lastEventIds = lastEventIds;
            this.combined = combined;
            this.lane = lane;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Frame> actual) {
            Ribbon r = new Ribbon(Broadcaster.this, store, actual, feeds, lastEventIds, combined, lane);
            actual.onSubscribe(r);
            r.start();
            if (ending) {
                r.end(); // after its snapshot: opened as the service stops
            }
        }
    }

    /**
     * The frames of a version, encoded once: the newest version's are kept per feed (a version replaced
     * by a newer one, or by the same version with other flags, gets new ones).
     */
    VersionFrames framesOf(CachedSnapshot version) {
        AtomicReference<@Nullable VersionFrames> ref =
                frames.computeIfAbsent(version.snapshot().feed(), f -> new AtomicReference<>());
        for (; ; ) {
            VersionFrames current = ref.get();
            if (current != null && current.version == version) {
                return current;
            }
            VersionFrames made = new VersionFrames(version);
            if (current != null && current.version.version() > version.version()) {
                return made; // an older version: not kept
            }
            if (ref.compareAndSet(current, made)) {
                return made;
            }
        }
    }

    /** A ribbon joins its feeds' sets: a version published from then on reaches it. */
    void join(Ribbon r) {
        for (String feed : r.feeds()) {
            ribbonsOf(feed).add(r);
            countOf(feed).incrementAndGet();
        }
        all.add(r);
    }

    void leave(Ribbon r) {
        for (String feed : r.feeds()) {
            if (ribbonsOf(feed).remove(r)) {
                countOf(feed).decrementAndGet();
            }
        }
        all.remove(r);
    }

    /** The ribbons of a known feed (every feed of the catalogue has a set from the start). */
    private Set<Ribbon> ribbonsOf(String feed) {
        return Objects.requireNonNull(byFeed.get(feed), feed);
    }

    private AtomicInteger countOf(String feed) {
        return Objects.requireNonNull(subscribers.get(feed), feed);
    }
}
