package io.quotegate.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas' one Redis (Lettuce). Connecting never blocks the start: while Redis cannot be reached
 * the link tries again every {@link #RETRY}, {@link #up()} is false (readiness says so), and every
 * user of the link treats that as "nothing shared is known": the ledger spends nothing it cannot
 * count. Once connected, Lettuce reconnects by itself; commands issued while it is away fail at once
 * (they are not queued), so no spend is ever counted late.
 *
 * <p>Three connections: text (ledger scripts, heartbeats, locks), bytes (snapshot bodies, so every
 * replica serves exactly the bytes the refreshing one wrote), and one for pub/sub.
 */
public final class RedisLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    static final Duration RETRY = Duration.ofMillis(500);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

    private final RedisURI uri;
    private final String prefix;
    private final RedisClient client;
    private final ScheduledExecutorService connector;
    private final List<Runnable> onUp = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, String>> subscribers = new CopyOnWriteArrayList<>();
    private final List<String> channels = new CopyOnWriteArrayList<>();
    private volatile @Nullable StatefulRedisConnection<String, String> text;
    private volatile @Nullable StatefulRedisConnection<String, byte[]> bytes;
    private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean up;
    private volatile @Nullable String lastError = "not connected yet";

    /**
     * @param prefix every key of this cluster starts with {@code prefix + ":"}
     */
    public RedisLink(RedisURI uri, String prefix) {
        this.uri = uri;
        this.prefix = prefix;
        this.client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(Duration.ofMillis(500))
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
        this.connector = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redis-link");
            t.setDaemon(true);
            return t;
        });
    }

    private RedisLink(RedisLink connected, String prefix) {
        this.uri = connected.uri;
        this.prefix = prefix;
        this.client = connected.client;
        this.connector = connected.connector;
        this.text = connected.text;
        this.bytes = connected.bytes;
        this.pubsub = connected.pubsub;
        this.up = true;
        this.lastError = null;
    }

    /**
     * The same connections under another key prefix (tests isolate themselves this way). Pub/sub
     * subscriptions and reconnect actions of the view are not supported; closing the view closes nothing.
     */
    public RedisLink scoped(String otherPrefix) {
        if (text == null) {
            throw new IllegalStateException("connect first");
        }
        RedisLink view = new RedisLink(this, otherPrefix);
        view.view = true;
        return view;
    }

    private boolean view;

    /** Starts connecting in the background; returns at once. */
    public RedisLink start() {
        connector.execute(this::tryConnect);
        return this;
    }

    /** Connects on the calling thread; for tests and tools that need Redis before going on. */
    public RedisLink connectNow() {
        if (!tryConnect()) {
            throw new IllegalStateException(
                    "Redis at " + uri.getHost() + ":" + uri.getPort() + " is unreachable: " + lastError);
        }
        return this;
    }

    private synchronized boolean tryConnect() {
        if (text != null) {
            return true;
        }
        try {
            StatefulRedisConnection<String, String> t = client.connect(StringCodec.UTF8, uri);
            StatefulRedisConnection<String, byte[]> b =
                    client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri);
            StatefulRedisPubSubConnection<String, String> p = client.connectPubSub(StringCodec.UTF8, uri);
            p.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    subscribers.forEach(s -> s.accept(channel, message));
                }
            });
            if (!channels.isEmpty()) {
                p.sync().subscribe(channels.toArray(String[]::new));
            }
            text = t;
            bytes = b;
            pubsub = p;
            log.info("Connected to Redis at {}:{} (key prefix '{}')", uri.getHost(), uri.getPort(), prefix);
            markUp();
            return true;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            log.warn(
                    "Redis at {}:{} is unreachable ({}); retrying every {} ms. Nothing is spent meanwhile.",
                    uri.getHost(),
                    uri.getPort(),
                    e.getMessage(),
                    RETRY.toMillis());
            connector.schedule(this::tryConnect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        }
    }

    /** True while the last command or heartbeat reached Redis. */
    public boolean up() {
        return up;
    }

    public @Nullable String lastError() {
        return up ? null : lastError;
    }

    /** Called when a command fails for want of Redis. */
    public void markDown(Throwable cause) {
        if (up) {
            log.warn("Redis lost: {}", cause.getMessage());
        }
        lastError = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        up = false;
    }

    /** Called when a command succeeded; runs the {@link #onUp} actions on the first success after a loss. */
    public void markUp() {
        if (!up) {
            up = true;
            lastError = null;
            // Off the caller's thread: this may be Lettuce's event loop, and the actions talk to Redis.
            connector.execute(() -> onUp.forEach(r -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.warn("A reconnect action failed: {}", e.toString());
                }
            }));
        }
    }

    /** Runs {@code action} every time Redis becomes reachable (the first connection and every return). */
    public void onUp(Runnable action) {
        onUp.add(action);
        if (up) {
            connector.execute(action);
        }
    }

    /** Subscribes to a channel; survives reconnects. The listener gets (channel, message). */
    public synchronized void subscribe(String channel, BiConsumer<String, String> listener) {
        channels.add(channel);
        subscribers.add((c, m) -> {
            if (c.equals(channel)) {
                listener.accept(c, m);
            }
        });
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        if (p != null) {
            p.sync().subscribe(channel);
        }
    }

    public @Nullable StatefulRedisConnection<String, String> text() {
        return text;
    }

    public @Nullable StatefulRedisConnection<String, byte[]> bytes() {
        return bytes;
    }

    public String key(String suffix) {
        return prefix + ":" + suffix;
    }

    public String prefix() {
        return prefix;
    }

    public String endpoint() {
        return uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public void close() {
        if (view) {
            return;
        }
        connector.shutdownNow();
        for (AutoCloseable c : new AutoCloseable[] {pubsub, bytes, text}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                log.debug("closing a Redis connection: {}", e.toString());
            }
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
