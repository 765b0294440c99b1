package io.quotegate.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.SnapshotStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;

/**
 * Fans each feed's new versions out to SSE subscribers.
 *
 * <p>Design, for tens of thousands of idle connections: per feed, a concurrent set of
 * {@link Ribbon}s; a ribbon is one connection's whole state (a pending slot per feed, the versions
 * sent, its demand) in one small object, with no operator chain and no timer of its own. Publishing a
 * version puts it in every subscriber's slot for that feed (replacing an older one nobody took yet)
 * and drains what demand allows, on the publishing thread; the frame bytes are encoded once per
 * version ({@link CachedSnapshot#frame}) and shared. A slow client, whose transport stops asking,
 * thus holds at most one version per feed and gets the latest when it asks again. One shared tick on
 * the injected scheduler marks a heartbeat pending in every ribbon.
 *
 * <p>A connection starts with event {@code snapshot} (the current version, fresh or stale) unless its
 * {@code Last-Event-ID} is already current, then gets event {@code update} per new version.
 */
public final class Broadcaster implements AutoCloseable {

    static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final Map<String, Set<Ribbon>> byFeed = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> subscribers = new LinkedHashMap<>();
    private final Set<Ribbon> all = ConcurrentHashMap.newKeySet();
    private final SnapshotStore store;
    private final Disposable tick;

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
        this.tick = Flux.interval(heartbeat, heartbeat, scheduler).subscribe(t -> {
            for (Ribbon r : all) {
                try {
                    r.heartbeat();
                } catch (RuntimeException e) {
                    r.cancel();
                }
            }
        });
    }

    /** Publishes a new version to every subscriber of its feed. Safe from any thread. */
    public void publish(CachedSnapshot version) {
        Set<Ribbon> ribbons = byFeed.get(version.snapshot().feed());
        if (ribbons == null) {
            return;
        }
        for (Ribbon r : ribbons) {
            try {
                r.offer(version);
            } catch (RuntimeException e) {
                r.cancel(); // a broken connection must not keep the version from the others
            }
        }
    }

    /** The frames of one feed's stream, with heartbeats. {@code lastEventId} may be null. */
    public Flux<byte[]> stream(String feed, @Nullable Long lastEventId) {
        return new Stream(List.of(feed), lastEventId == null ? Map.of() : Map.of(feed, lastEventId), false);
    }

    /**
     * One stream for several feeds. Each event's data names its feed; its id is the vector of versions
     * sent so far ({@code fx:42,crypto:17}), so a resume skips every feed that is already current.
     */
    public Flux<byte[]> combined(List<String> feeds, Map<String, Long> lastEventIds) {
        return new Stream(List.copyOf(feeds), Map.copyOf(lastEventIds), true);
    }

    public int subscribers(String feed) {
        AtomicInteger n = subscribers.get(feed);
        return n == null ? 0 : n.get();
    }

    /** Stops the shared heartbeat tick. */
    @Override
    public void close() {
        tick.dispose();
    }

    /** A cold stream: each subscription is a new {@link Ribbon}. */
    private final class Stream extends Flux<byte[]> {

        private final List<String> feeds;
        private final Map<String, Long> lastEventIds;
        private final boolean combined;

        Stream(List<String> feeds, Map<String, Long> lastEventIds, boolean combined) {
            this.feeds = feeds;
            this.lastEventIds = lastEventIds;
            this.combined = combined;
        }

        @Override
        public void subscribe(CoreSubscriber<? super byte[]> actual) {
            Ribbon r = new Ribbon(actual, feeds, lastEventIds, combined);
            actual.onSubscribe(r);
            r.start();
        }
    }

    /** One connection: a pending slot per feed, the versions sent, a heartbeat flag, its demand. */
    private final class Ribbon implements Subscription {

        private static final AtomicLongFieldUpdater<Ribbon> REQUESTED =
                AtomicLongFieldUpdater.newUpdater(Ribbon.class, "requested");
        private static final AtomicIntegerFieldUpdater<Ribbon> WIP =
                AtomicIntegerFieldUpdater.newUpdater(Ribbon.class, "wip");
        private static final AtomicIntegerFieldUpdater<Ribbon> BEAT =
                AtomicIntegerFieldUpdater.newUpdater(Ribbon.class, "beat");
        private static final AtomicIntegerFieldUpdater<Ribbon> DONE =
                AtomicIntegerFieldUpdater.newUpdater(Ribbon.class, "done");

        private final CoreSubscriber<? super byte[]> actual;
        private final String[] feeds;
        private final AtomicReferenceArray<CachedSnapshot> pending;
        /** Highest version handed over per feed (or the resumed one); guarded by the drain loop. */
        private final long[] floor;

        private final boolean[] first;
        /** Combined streams only: the version vector, in the order feeds were first sent or resumed. */
        private final @Nullable Map<String, Long> sent;

        private volatile long requested;
        private volatile int wip;
        private volatile int beat;
        private volatile int done;
        private boolean registered; // guarded by this

        Ribbon(
                CoreSubscriber<? super byte[]> actual,
                List<String> feeds,
                Map<String, Long> lastEventIds,
                boolean combined) {
            this.actual = actual;
            this.feeds = feeds.toArray(String[]::new);
            this.pending = new AtomicReferenceArray<>(this.feeds.length);
            this.floor = new long[this.feeds.length];
            this.first = new boolean[this.feeds.length];
            this.sent = combined ? new LinkedHashMap<>() : null;
            CachedSnapshot[] initial = new CachedSnapshot[this.feeds.length];
            for (int i = 0; i < this.feeds.length; i++) {
                Long resumed = lastEventIds.get(this.feeds[i]);
                if (sent != null && resumed != null) {
                    sent.put(this.feeds[i], resumed);
                }
                Optional<CachedSnapshot> now = store.read(this.feeds[i]);
                long resumedAt = resumed == null ? -1 : resumed;
                boolean current =
                        now.isPresent() && resumed != null && now.get().version() == resumedAt;
                floor[i] = current ? resumedAt : -1;
                first[i] = !current;
                initial[i] = current ? null : now.orElse(null);
            }
            for (int i = 0; i < initial.length; i++) {
                if (initial[i] != null) {
                    pending.set(i, initial[i]);
                }
            }
        }

        /** Joins the feeds' sets; a version published from here on reaches this ribbon. */
        void start() {
            synchronized (this) {
                if (done != 0) {
                    return;
                }
                for (String feed : feeds) {
                    ribbonsOf(feed).add(this);
                    countOf(feed).incrementAndGet();
                }
                all.add(this);
                registered = true;
            }
            // A version stored between the constructor's read and joining would otherwise be missed.
            for (String feed : feeds) {
                store.peek(feed).ifPresent(this::offer);
            }
            drain();
        }

        void offer(CachedSnapshot version) {
            String feed = version.snapshot().feed();
            for (int i = 0; i < feeds.length; i++) {
                if (feeds[i].equals(feed)) {
                    for (; ; ) {
                        CachedSnapshot old = pending.get(i);
                        if (old != null && old.version() >= version.version()) {
                            break;
                        }
                        if (pending.compareAndSet(i, old, version)) {
                            break;
                        }
                    }
                }
            }
            drain();
        }

        void heartbeat() {
            beat = 1;
            drain();
        }

        @Override
        public void request(long n) {
            if (Operators.validate(n)) {
                Operators.addCap(REQUESTED, this, n);
                drain();
            }
        }

        @Override
        public void cancel() {
            if (DONE.compareAndSet(this, 0, 1)) {
                leave();
            }
        }

        private synchronized void leave() {
            if (!registered) {
                return;
            }
            registered = false;
            for (String feed : feeds) {
                if (ribbonsOf(feed).remove(this)) {
                    countOf(feed).decrementAndGet();
                }
            }
            all.remove(this);
        }

        private void drain() {
            if (WIP.getAndIncrement(this) != 0) {
                return;
            }
            int missed = 1;
            for (; ; ) {
                long r = requested;
                long e = 0;
                while (e != r && done == 0) {
                    byte[] frame = next();
                    if (frame == null) {
                        break;
                    }
                    actual.onNext(frame);
                    e++;
                }
                if (done != 0) {
                    return;
                }
                if (e != 0 && r != Long.MAX_VALUE) {
                    REQUESTED.addAndGet(this, -e);
                }
                missed = WIP.addAndGet(this, -missed);
                if (missed == 0) {
                    return;
                }
            }
        }

        /** The next frame to send: a version newer than what this client has, else a heartbeat, else null. */
        private byte @Nullable [] next() {
            for (int i = 0; i < feeds.length; i++) {
                CachedSnapshot v = pending.getAndSet(i, null);
                if (v == null || v.version() <= floor[i]) {
                    continue;
                }
                floor[i] = v.version();
                String event = first[i] ? "snapshot" : "update";
                first[i] = false;
                if (sent == null) {
                    return v.frame(event);
                }
                sent.put(feeds[i], v.version());
                return CachedSnapshot.encode(event, EventIds.format(sent), v.json());
            }
            if (BEAT.getAndSet(this, 0) == 1) {
                return HEARTBEAT;
            }
            return null;
        }
    }

    /** The ribbons of a known feed (every feed of the catalogue has a set from the start). */
    private Set<Ribbon> ribbonsOf(String feed) {
        return java.util.Objects.requireNonNull(byFeed.get(feed), feed);
    }

    private AtomicInteger countOf(String feed) {
        return java.util.Objects.requireNonNull(subscribers.get(feed), feed);
    }
}
