package io.quotegate.client;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Warnings between replicas over one Redis pub/sub channel ({@code <prefix>warnings}). Each message
 * is {@code <replica>\t<client id>\t<warning JSON>}; a replica ignores its own. Best effort: a
 * replica that is not subscribed at the moment misses the warning (its streams still end when it
 * next counts a message of a used-up month).
 */
final class RedisWarningRelay implements WarningRelay {

    private static final Logger log = LoggerFactory.getLogger(RedisWarningRelay.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StatefulRedisConnection<String, String> publisher;
    private final StatefulRedisPubSubConnection<String, String> subscriber;
    private final String channel;
    private final String replica = UUID.randomUUID().toString();
    private volatile BiConsumer<String, Warning> deliver = (c, w) -> {};

    public RedisWarningRelay(RedisClient redis, StatefulRedisConnection<String, String> publisher, String prefix) {
        this.publisher = publisher;
        this.channel = prefix + "warnings";
        this.subscriber = redis.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                receive(message);
            }
        });
        subscriber.sync().subscribe(channel);
    }

    @Override
    public void publish(String clientId, Warning warning) {
        publisher.async().publish(channel, replica + "\t" + clientId + "\t" + JSON.writeValueAsString(warning));
    }

    @Override
    public void listen(BiConsumer<String, Warning> deliver) {
        this.deliver = deliver;
    }

    private void receive(String message) {
        String[] parts = message.split("\t", 3);
        if (parts.length != 3 || parts[0].equals(replica)) {
            return;
        }
        try {
            deliver.accept(parts[1], JSON.readValue(parts[2], Warning.class));
        } catch (RuntimeException e) {
            log.warn("Ignoring a client warning from another replica that could not be read: {}", e.toString());
        }
    }

    /** Closes the subscription's connection (the publisher's belongs to the caller). */
    CompletableFuture<Void> closeAsync() {
        return subscriber.closeAsync();
    }
}
