package io.quotegate.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.CaffeineSnapshotStore;
import io.quotegate.model.Quote;
import io.quotegate.model.Snapshot;
import io.quotegate.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

/** A broadcaster over a real Caffeine store, a hand-moved clock and a virtual-time scheduler. */
final class StreamFixture {

    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final String HEARTBEAT_FRAME = ": heartbeat\n\n";

    final MutableClock clock = new MutableClock(Instant.parse("2024-03-05T10:00:05Z"));
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final CaffeineSnapshotStore store = new CaffeineSnapshotStore(
            Map.of("fx", Duration.ofMinutes(30), "crypto", Duration.ofMinutes(30)),
            clock,
            JsonMapper.builder().build(),
            registry);
    final VirtualTimeScheduler scheduler = VirtualTimeScheduler.create();
    final Broadcaster broadcaster = new Broadcaster(List.of("fx", "crypto"), store, HEARTBEAT, scheduler, registry);

    /** What a refresh does: store the new version, then publish it. */
    CachedSnapshot land(String feed, long version) {
        CachedSnapshot cached = store.put(snapshot(feed, version));
        broadcaster.publish(cached);
        return cached;
    }

    /** A snapshot of one quote as of now. */
    Snapshot snapshot(String feed, long version) {
        Instant now = clock.instant();
        return new Snapshot(
                feed,
                version,
                now,
                false,
                "demo",
                List.of(Quote.of(
                        feed.equals("fx") ? "EUR/USD" : "BTC/USD",
                        BigDecimal.valueOf(100 + version),
                        BigDecimal.ONE,
                        new BigDecimal("1.0000"),
                        now,
                        "demo")));
    }

    double gauge(String feed) {
        Gauge gauge =
                registry.find("quotegate.sse.subscribers").tag("feed", feed).gauge();
        if (gauge == null) {
            throw new AssertionError("no quotegate.sse.subscribers gauge for " + feed);
        }
        return gauge.value();
    }

    static String text(Frame frame) {
        return new String(frame.bytes(), StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The value of one SSE field ("id", "event", "data") of a frame, or null. */
    static String field(String frame, String name) {
        for (String line : frame.split("\n")) {
            if (line.startsWith(name + ": ")) {
                return line.substring(name.length() + 2);
            }
        }
        return null;
    }

    /** The feed named by a frame's JSON data. */
    static String feedOf(String frame) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^\\{\"feed\":\"([^\"]+)\"").matcher(field(frame, "data"));
        if (!m.find()) {
            throw new AssertionError("no feed in " + frame);
        }
        return m.group(1);
    }
}
