package io.quotegate.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.AsyncCloseable;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.quotegate.logging.Outage;
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
 * count. Once connected, Lettuce reconnects by itself, at most {@link #RECONNECT_AT_MOST} apart;
 * commands issued while it is away fail at once (they are not queued), so no spend is ever counted
 * late, and every command times out after {@link #COMMAND_TIMEOUT}.
 *
 * <p>Behind Sentinel ({@code redis-sentinel://} or {@code spring.data.redis.sentinel.*}), every connection and
 * every reconnection asks the Sentinels for the primary. A connection that answers {@code READONLY} (it still talks
 * to a node that was demoted to a replica) is dropped and reopened, which finds the new primary ({@link #failed}).
 *
 * <p>Three connections: text (ledger scripts, heartbeats, locks), bytes (snapshot bodies, so every
 * replica serves exactly the bytes the refreshing one wrote), and one for pub/sub.
 */
public final class RedisLink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    static final Duration RETRY = Duration.ofMillis(500);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
    /** The longest wait between two reconnection attempts (Lettuce's default grows to 30 s). */
    static final Duration RECONNECT_AT_MOST = Duration.ofSeconds(1);

    private final RedisURI uri;
    private final String prefix;
    private final RedisClient client;
    /** The client's event loops and timers: ours to shut down (a client given resources does not). */
    private final ClientResources resources;

    private final ScheduledExecutorService connector;
    private final List<Runnable> onUp = new CopyOnWriteArrayList<>();
    private final List<BiConsumer<String, String>> subscribers = new CopyOnWriteArrayList<>();
    private final List<String> channels = new CopyOnWriteArrayList<>();
    private volatile @Nullable StatefulRedisConnection<String, String> text;
    private volatile @Nullable StatefulRedisConnection<String, byte[]> bytes;
    private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubsub;
    private volatile boolean up;
    private volatile boolean connectedOnce;
    private volatile @Nullable String lastError = "not connected yet";

    /**
     * @param prefix every key of this cluster starts with {@code prefix + ":"}
     */
    public RedisLink(RedisURI uri, String prefix) {
        this.uri = uri;
        uri.setTimeout(COMMAND_TIMEOUT);
        this.prefix = prefix;
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(
                        Duration.ofMillis(50), RECONNECT_AT_MOST, 2, java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources);
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
        this.resources = connected.resources;
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
            throw new IllegalStateException("Redis at " + endpoint() + " is unreachable: " + lastError);
        }
        return this;
    }

    private synchronized boolean tryConnect() {
        if (text != null) {
            return true;
        }
        StatefulRedisConnection<String, String> t = null;
        StatefulRedisConnection<String, byte[]> b = null;
        StatefulRedisPubSubConnection<String, String> p = null;
        try {
            t = client.connect(StringCodec.UTF8, uri);
            b = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE), uri);
            p = client.connectPubSub(StringCodec.UTF8, uri);
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
            connectedOnce = true;
            if (outage.failedTries() == 0) {
                log.info("Connected to Redis at {} (key prefix '{}')", endpoint(), prefix);
            } else {
                outage.over("Connected to Redis at {} (key prefix '{}')", endpoint(), prefix);
            }
            markUp();
            return true;
        } catch (RuntimeException e) {
            // What did connect before the failure closes again, or each try would leave a connection behind.
            for (AsyncCloseable opened : new AsyncCloseable[] {p, b, t}) {
                if (opened != null) {
                    opened.closeAsync();
                }
            }
            lastError = e.getMessage();
            outage.failed(
                    "Redis at {} is unreachable ({}); retrying every {} ms. Nothing is spent meanwhile.",
                    endpoint(),
                    e.getMessage(),
                    RETRY.toMillis());
            connector.schedule(this::tryConnect, RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        }
    }

    private final Outage outage = new Outage(log);

    /** True once this link has connected to Redis, even if it is away now. */
    public boolean connectedOnce() {
        return connectedOnce;
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
        lastError = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (up || outage.failedTries() > 0) {
            // Every failed command comes here: the loss is one WARN (and a reminder a minute), the rest DEBUG.
            outage.failed("Redis at {} lost: {}", endpoint(), lastError);
        }
        up = false;
    }

    /**
     * Called when a command failed: Redis did not answer, or answered that it cannot serve this connection now
     * ({@link #unavailable}). A {@code READONLY} answer means the connection talks to a node that is no longer the
     * primary (a fail-over): it is dropped and reopened, which asks the Sentinels for the new primary.
     */
    public void failed(Throwable cause) {
        markDown(cause);
        String message = cause.getMessage();
        if (cause instanceof RedisCommandExecutionException && message != null && message.startsWith("READONLY")) {
            reopen();
        }
    }

    /**
     * Whether an error answered by Redis says it cannot serve now (a replica, loading, no primary, a cluster slot
     * moving), as opposed to an error in the command itself.
     */
    public static boolean unavailable(Throwable cause) {
        String m = cause.getMessage();
        return cause instanceof RedisCommandExecutionException
                && m != null
                && (m.startsWith("READONLY")
                        || m.startsWith("LOADING")
                        || m.startsWith("MASTERDOWN")
                        || m.startsWith("CLUSTERDOWN")
                        || m.startsWith("TRYAGAIN"));
    }

    /** Drops the connections and connects again (in the background); meanwhile the link is down. */
    void reopen() {
        if (view) {
            return;
        }
        connector.execute(() -> {
            synchronized (this) {
                StatefulRedisConnection<String, String> t = text;
                if (t == null) {
                    return; // already reconnecting
                }
                log.warn("Redis at {} answers READONLY: reopening the connections to find the primary", endpoint());
                AutoCloseable[] old = {pubsub, bytes, t};
                text = null;
                bytes = null;
                pubsub = null;
                for (AutoCloseable c : old) {
                    try {
                        if (c != null) {
                            c.close();
                        }
                    } catch (Exception e) {
                        log.debug("closing a Redis connection: {}", e.toString());
                    }
                }
                tryConnect();
            }
        });
    }

    /** Called when a command succeeded; runs the {@link #onUp} actions on the first success after a loss. */
    public void markUp() {
        if (!up) {
            up = true;
            lastError = null;
            outage.over("Redis at {} answers again", endpoint());
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

    /** Where Redis is: host:port, or the Sentinels and the master they watch. */
    public String endpoint() {
        if (!uri.getSentinels().isEmpty()) {
            return "master '" + uri.getSentinelMasterId() + "' of Sentinels "
                    + String.join(
                            ",",
                            uri.getSentinels().stream()
                                    .map(x -> x.getHost() + ":" + x.getPort())
                                    .toList());
        }
        return uri.getHost() + ":" + uri.getPort();
    }

    @Override
    public void close() {
        if (view) {
            return;
        }
        connector.shutdownNow();
        // Lettuce's close() and shutdown() wait without a bound for the connections to close, which a Redis that is
        // going away or coming back can leave pending: a stop waits at most CLOSE_AT_MOST for each step instead.
        for (AsyncCloseable c : new AsyncCloseable[] {pubsub, bytes, text}) {
            if (c != null) {
                awaitClosed("a Redis connection", c.closeAsync());
            }
        }
        awaitClosed("the Redis client", client.shutdownAsync(0, 1, TimeUnit.SECONDS));
        resources.shutdown(0, 1, TimeUnit.SECONDS);
    }

    /** How long a stop waits for each Redis connection, and for the client, to close. */
    static final Duration CLOSE_AT_MOST = Duration.ofSeconds(2);

    private static void awaitClosed(String what, java.util.concurrent.CompletableFuture<?> closing) {
        try {
            closing.get(CLOSE_AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("Closing {} took longer than {}; the stop goes on without waiting for it", what, CLOSE_AT_MOST);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            log.debug("closing {}: {}", what, String.valueOf(e.getCause()));
        }
    }
}
