package io.quotegate.stream;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.SnapshotStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Operators;

/**
 * One connection of the {@link Broadcaster}: a pending slot per feed, the versions sent, a heartbeat
 * flag, its demand, and the lane its deliveries run on; no operator chain and no timer of its own.
 */
final class Ribbon implements Subscription {

    private static final AtomicLongFieldUpdater<Ribbon> REQUESTED =
            AtomicLongFieldUpdater.newUpdater(Ribbon.class, "requested");
    private static final AtomicIntegerFieldUpdater<Ribbon> WIP =
            AtomicIntegerFieldUpdater.newUpdater(Ribbon.class, "wip");
    private static final AtomicIntegerFieldUpdater<Ribbon> BEAT =
            AtomicIntegerFieldUpdater.newUpdater(Ribbon.class, "beat");
    private static final AtomicIntegerFieldUpdater<Ribbon> DONE =
            AtomicIntegerFieldUpdater.newUpdater(Ribbon.class, "done");

    private final Broadcaster owner;
    private final SnapshotStore store;
    private final CoreSubscriber<? super Frame> actual;
    /** Where publishes and heartbeats reach this ribbon; null: on the publishing thread. */
    final @Nullable Executor lane;

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
    /**
     * The stream is to end (the service is stopping): completed by the drain loop after what demand lets it
     * send; a client that asks for nothing more is not waited for (it resumes by its {@code Last-Event-ID}).
     */
    private volatile boolean ending;

    private boolean registered; // guarded by this

    Ribbon(
            Broadcaster owner,
            SnapshotStore store,
            CoreSubscriber<? super Frame> actual,
            List<String> feeds,
            Map<String, Long> lastEventIds,
            boolean combined,
            @Nullable Executor lane) {
        this.owner = owner;
        this.store = store;
        this.actual = actual;
        this.lane = lane;
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
            boolean current = now.isPresent() && resumed != null && now.get().version() == resumedAt;
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

    String[] feeds() {
        return feeds;
    }

    /** Joins the feeds' sets; a version published from here on reaches this ribbon. */
    void start() {
        synchronized (this) {
            if (done != 0) {
                return;
            }
            owner.join(this);
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

    /** Runs a delivery; a broken connection must not keep the version from the others. */
    void safely(Consumer<Ribbon> delivery) {
        try {
            delivery.accept(this);
        } catch (RuntimeException e) {
            cancel();
        }
    }

    void heartbeat() {
        beat = 1;
        drain();
    }

    /** Ends the stream: the client reconnects (to another replica) with its {@code Last-Event-ID}. */
    void end() {
        ending = true;
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
        owner.leave(this);
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
                Frame frame = next();
                if (frame == null) {
                    break;
                }
                actual.onNext(frame);
                e++;
            }
            if (done != 0) {
                return;
            }
            if (ending && DONE.compareAndSet(this, 0, 1)) {
                leave();
                actual.onComplete();
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
    private @Nullable Frame next() {
        for (int i = 0; i < feeds.length; i++) {
            CachedSnapshot v = pending.getAndSet(i, null);
            if (v == null || v.version() <= floor[i]) {
                continue;
            }
            floor[i] = v.version();
            boolean opening = first[i];
            first[i] = false;
            if (sent == null) {
                VersionFrames frames = owner.framesOf(v);
                return opening ? frames.snapshot() : frames.update();
            }
            sent.put(feeds[i], v.version());
            return owner.framesOf(v).combined(opening, EventIds.format(sent));
        }
        if (BEAT.getAndSet(this, 0) == 1) {
            return Sse.HEARTBEAT;
        }
        return null;
    }
}
