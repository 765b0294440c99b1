package io.quotegate.provider;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quotegate.cluster.ClusterLock;
import io.quotegate.cluster.RedisLink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The replicas' one session per provider, in Redis: a hash {@code <prefix>:session:<provider>} holding the
 * session's id, owner, times, the headers to send ({@code h.<name>}) and the login's facts ({@code f.<name>}),
 * with a time to live of the provider's idle time that every use renews, so it lapses in Redis when it lapses
 * at the provider. Touching and dropping compare the id in one script call, so a replica never renews or drops
 * a session that another one has replaced. The right to log in is a {@link ClusterLock} lease.
 *
 * <p>Without Redis nothing is known: {@link #get} answers empty and {@link #lead} false, so no replica logs in
 * while it cannot tell the others (the provider's login count is the scarce thing), and its feeds fall through
 * their chains.
 */
public final class RedisSessionStore implements SessionStore {

    private static final Logger log = LoggerFactory.getLogger(RedisSessionStore.class);
    /** Where callers continue after a Redis answer: never on Lettuce's event loop. */
    private static final Scheduler AWAY = Schedulers.boundedElastic();

    private static final String PUT = """
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            return 1""";
    private static final String TOUCH = """
            if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'usedAt', ARGV[2])
            if ARGV[3] ~= '' then redis.call('HSET', KEYS[1], 'wantedAt', ARGV[3]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            return 1""";
    private static final String DROP = """
            if redis.call('HGET', KEYS[1], 'id') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    private final RedisLink redis;
    private final ClusterLock lock;
    private final String owner;

    public RedisSessionStore(RedisLink redis, ClusterLock lock, String owner) {
        this.redis = redis;
        this.lock = lock;
        this.owner = owner;
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public Mono<Optional<ProviderSession>> get(String provider) {
        StatefulRedisConnection<String, String> c = redis.text();
        if (c == null) {
            return Mono.just(Optional.empty());
        }
        return Mono.fromCompletionStage(() -> c.async().hgetall(key(provider)))
                .map(RedisSessionStore::read)
                .onErrorResume(e -> {
                    redis.markDown(e);
                    return Mono.just(Optional.empty());
                })
                .publishOn(AWAY);
    }

    @Override
    public Mono<Void> put(String provider, ProviderSession session, Duration idle) {
        List<String> args = new ArrayList<>();
        args.add(Long.toString(idle.toMillis()));
        write(session).forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return script(PUT, provider, args);
    }

    @Override
    public Mono<Void> touch(String provider, ProviderSession session, Instant at, boolean forPrices, Duration idle) {
        String millis = Long.toString(at.toEpochMilli());
        return script(
                TOUCH,
                provider,
                List.of(session.id(), millis, forPrices ? millis : "", Long.toString(idle.toMillis())));
    }

    @Override
    public Mono<Void> drop(String provider, ProviderSession session) {
        return script(DROP, provider, List.of(session.id()));
    }

    @Override
    public Mono<Boolean> lead(String provider, Duration lease) {
        // ClusterLock waits for its answer: off the caller's thread.
        return Mono.fromCallable(() -> lock.tryAcquire(lockName(provider), lease))
                .subscribeOn(AWAY);
    }

    @Override
    public Mono<Void> release(String provider) {
        return Mono.<Void>fromRunnable(() -> lock.release(lockName(provider))).subscribeOn(AWAY);
    }

    private Mono<Void> script(String script, String provider, List<String> args) {
        StatefulRedisConnection<String, String> c = redis.text();
        if (c == null) {
            return Mono.empty();
        }
        return Mono.fromCompletionStage(() -> c.async()
                        .<Long>eval(
                                script,
                                ScriptOutputType.INTEGER,
                                new String[] {key(provider)},
                                args.toArray(String[]::new)))
                .doOnNext(r -> redis.markUp())
                .onErrorResume(e -> {
                    log.warn("The {} session could not be written to Redis: {}", provider, e.toString());
                    redis.markDown(e);
                    return Mono.empty();
                })
                .publishOn(AWAY)
                .then();
    }

    private String key(String provider) {
        return redis.key("session:" + provider);
    }

    private static String lockName(String provider) {
        return "session:" + provider;
    }

    static Map<String, String> write(ProviderSession s) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("id", s.id());
        fields.put("owner", s.owner());
        fields.put("createdAt", Long.toString(s.createdAt().toEpochMilli()));
        fields.put("usedAt", Long.toString(s.usedAt().toEpochMilli()));
        fields.put("wantedAt", Long.toString(s.wantedAt().toEpochMilli()));
        s.headers().forEach((k, v) -> fields.put("h." + k, v));
        s.facts().forEach((k, v) -> fields.put("f." + k, v));
        return fields;
    }

    static Optional<ProviderSession> read(@Nullable Map<String, String> fields) {
        if (fields == null || !fields.containsKey("id")) {
            return Optional.empty();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> facts = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (k.startsWith("h.")) {
                headers.put(k.substring(2), v);
            } else if (k.startsWith("f.")) {
                facts.put(k.substring(2), v);
            }
        });
        try {
            return Optional.of(new ProviderSession(
                    fields.get("id"),
                    headers,
                    facts,
                    fields.getOrDefault("owner", ""),
                    instant(fields.get("createdAt")),
                    instant(fields.get("usedAt")),
                    instant(fields.get("wantedAt"))));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static Instant instant(@Nullable String millis) {
        return Instant.ofEpochMilli(Long.parseLong(String.valueOf(millis)));
    }
}
