package io.quotegate.web;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.cache.CaffeineSnapshotStore;
import io.quotegate.client.ClientDirectory;
import io.quotegate.client.ClientGate;
import io.quotegate.client.ClientMetrics;
import io.quotegate.client.ClientProperties;
import io.quotegate.client.LocalRequestLimiter;
import io.quotegate.client.LocalStreamRegistry;
import io.quotegate.client.LocalUsageCounters;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.stream.Broadcaster;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.util.unit.DataSize;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read contract over real parts (a Caffeine store, the client gate with in-memory limits, the
 * broadcaster) on a hand-moved clock: one fx feed of two symbols, and keys of tiers small enough to
 * cross each limit in a test.
 */
final class ReadFixture {

    /** Keys and the one limit each one's tier has. */
    static final String RATE_KEY = "key-two-a-minute";

    static final String STREAMS_KEY = "key-one-stream";
    static final String MESSAGES_KEY = "key-one-message";
    static final String BYTES_KEY = "key-one-kilobyte";

    static final JsonMapper JSON = JsonMapper.builder().build();

    final MutableClock clock;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final CaffeineSnapshotStore store;
    final FeedCatalog feeds = new FeedCatalog(List.of(HttpTesting.FX));
    final LocalUsageCounters counters = new LocalUsageCounters();
    final ClientProperties plans;
    final ClientGate gate;
    final Broadcaster broadcaster;
    final HttpProperties http;
    final CorsPolicy cors;
    final FeedAnswers answers;
    final ReadContract contract;

    ReadFixture(MutableClock clock, String anonymousTier, List<String> corsOrigins) {
        this.clock = clock;
        this.store = new CaffeineSnapshotStore(Map.of("fx", Duration.ofMinutes(30)), clock, JSON, meters);
        this.plans = new ClientProperties(
                anonymousTier,
                0.8,
                Map.of(
                        "limited", tier(600, 0, 0, 0),
                        "two-a-minute", tier(2, 0, 0, 0),
                        "one-stream", tier(0, 1, 0, 0),
                        "one-message", tier(0, 0, 1, 0),
                        "one-kilobyte", tier(0, 0, 0, 1024)),
                List.of(
                        key("team-rate", RATE_KEY, "two-a-minute"),
                        key("team-streams", STREAMS_KEY, "one-stream"),
                        key("team-messages", MESSAGES_KEY, "one-message"),
                        key("team-bytes", BYTES_KEY, "one-kilobyte")),
                "test:");
        this.gate = new ClientGate(
                new ClientDirectory(plans),
                new LocalRequestLimiter(clock),
                new LocalStreamRegistry(),
                counters,
                new ClientMetrics(meters, plans.tiers().keySet()),
                clock,
                plans.warnAt());
        this.broadcaster = new Broadcaster(feeds.names(), store, Duration.ofHours(1), Schedulers.parallel(), meters);
        this.http = HttpTesting.properties(corsOrigins);
        this.cors = new CorsPolicy(http);
        this.answers = new FeedAnswers(
                feeds,
                store,
                new SlotSchedule(SlotUnit.MINUTES, ZoneOffset.UTC),
                clock,
                new ProviderRegistry(Map.of(), Map.of()));
        this.contract = new ReadContract(answers, broadcaster, feeds, gate, cors, JSON);
    }

    private static ClientProperties.TierLimits tier(long rpm, int streams, long messages, long bytes) {
        return new ClientProperties.TierLimits(rpm, streams, messages, DataSize.ofBytes(bytes));
    }

    private static ClientProperties.KeyEntry key(String name, String key, String tier) {
        return new ClientProperties.KeyEntry(name, ClientDirectory.sha256(key), tier);
    }

    /** Stores and publishes an fx snapshot of this version, as a refresh does. */
    void land(long version) {
        HttpTesting.land(store, clock, version);
        broadcaster.publish(store.peek("fx").orElseThrow());
    }

    /** A GET of {@code path} with no headers, from 127.0.0.1. */
    static ReadRequest get(String path) {
        return new ReadRequest(false, path, null, null, null, null, null, null, null, null, "127.0.0.1", null);
    }
}
