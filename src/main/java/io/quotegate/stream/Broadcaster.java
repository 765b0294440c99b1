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
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * Fans each feed's new versions out to SSE subscribers.
 *
 * <p>Design: one replay-latest sink per feed. A new version's frame is encoded once
 * ({@link CachedSnapshot#frame}) and the same bytes are written to every subscriber. Each subscriber
 * reads with {@code onBackpressureLatest}, so what queues for a slow client is bounded (the network
 * layer's own prefetch, then nothing): once that is full it skips to the newest version. A connection starts with event {@code snapshot} (the current version, fresh or
 * stale) unless its {@code Last-Event-ID} is already current, then gets event {@code update} per new
 * version, and a comment heartbeat on the injected scheduler.
 */
public final class Broadcaster {

    static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final Map<String, Sinks.Many<CachedSnapshot>> sinks = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> subscribers = new LinkedHashMap<>();
    private final SnapshotStore store;
    private final Duration heartbeat;
    private final Scheduler scheduler;

    public Broadcaster(Collection<String> feeds, SnapshotStore store, Duration heartbeat, Scheduler scheduler,
                       MeterRegistry meters) {
        this.store = store;
        this.heartbeat = heartbeat;
        this.scheduler = scheduler;
        for (String feed : feeds) {
            sinks.put(feed, Sinks.many().replay().latest());
            AtomicInteger count = new AtomicInteger();
            subscribers.put(feed, count);
            Gauge.builder("quotegate.sse.subscribers", count, AtomicInteger::get)
                    .description("Open SSE connections per feed").tag("feed", feed).register(meters);
        }
    }

    /** Publishes a new version to every subscriber of its feed. Safe from any thread. */
    public void publish(CachedSnapshot version) {
        Sinks.Many<CachedSnapshot> sink = sinks.get(version.snapshot().feed());
        if (sink != null) {
            sink.emitNext(version, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(200)));
        }
    }

    /** The frames of one feed's stream, with heartbeats. {@code lastEventId} may be null. */
    public Flux<byte[]> stream(String feed, @Nullable Long lastEventId) {
        // Prefetch 1: merge must not queue versions on the subscriber's behalf, or onBackpressureLatest
        // upstream would see constant demand and a slow client would get every intermediate version.
        return Flux.merge(1, events(feed, lastEventId).map(e -> e.version().frame(e.event())), heartbeats())
                .doOnSubscribe(s -> subscribers.get(feed).incrementAndGet())
                .doFinally(s -> subscribers.get(feed).decrementAndGet());
    }

    /**
     * One stream for several feeds. Each event's data names its feed; its id is the vector of versions
     * sent so far ({@code fx:42,crypto:17}), so a resume skips every feed that is already current.
     */
    public Flux<byte[]> combined(List<String> feeds, Map<String, Long> lastEventIds) {
        return Flux.defer(() -> {
            Map<String, Long> sent = new LinkedHashMap<>();
            feeds.stream().filter(lastEventIds::containsKey).forEach(f -> sent.put(f, lastEventIds.get(f)));
            @SuppressWarnings("unchecked")
            Flux<Event>[] parts = feeds.stream().map(f -> events(f, lastEventIds.get(f))).toArray(Flux[]::new);
            Flux<byte[]> frames = Flux.merge(1, parts).map(e -> {
                sent.put(e.version().snapshot().feed(), e.version().version());
                return CachedSnapshot.encode(e.event(), EventIds.format(sent), e.version().json());
            });
            return Flux.merge(1, frames, heartbeats())
                    .doOnSubscribe(s -> feeds.forEach(f -> subscribers.get(f).incrementAndGet()))
                    .doFinally(s -> feeds.forEach(f -> subscribers.get(f).decrementAndGet()));
        });
    }

    public int subscribers(String feed) {
        AtomicInteger n = subscribers.get(feed);
        return n == null ? 0 : n.get();
    }

    private Flux<Event> events(String feed, @Nullable Long lastEventId) {
        return Flux.defer(() -> {
            var now = store.read(feed);
            boolean clientCurrent = now.isPresent() && lastEventId != null && now.get().version() == lastEventId;
            long[] sent = {now.map(CachedSnapshot::version).orElse(-1L)};
            boolean[] first = {!clientCurrent};
            Flux<CachedSnapshot> initial = clientCurrent ? Flux.empty() : Flux.fromStream(now.stream());
            Flux<CachedSnapshot> later = sinks.get(feed).asFlux().onBackpressureLatest().filter(c -> c.version() > sent[0]);
            return Flux.concat(initial, later).map(c -> {
                String event = first[0] ? "snapshot" : "update";
                first[0] = false;
                sent[0] = Math.max(sent[0], c.version());
                return new Event(event, c);
            });
        });
    }

    private Flux<byte[]> heartbeats() {
        return Flux.interval(heartbeat, heartbeat, scheduler).map(t -> HEARTBEAT).onBackpressureDrop();
    }

    private record Event(String event, CachedSnapshot version) {}
}
