package io.quotegate.cluster;

import io.lettuce.core.RedisURI;
import io.quotegate.config.InvalidConfigurationException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * The standard Spring Boot keys of the distributed mode, read and checked once: a malformed URL
 * fails the start naming its key. Reachability is not checked here (see {@link RedisLink}, {@link Database}).
 */
public record ClusterEndpoints(
        RedisURI redis,
        String jdbcUrl,
        @Nullable String username,
        @Nullable String password) {

    public static final String REDIS_URL = "spring.data.redis.url";
    public static final String JDBC_URL = "spring.datasource.url";

    public static ClusterEndpoints from(Environment env) {
        String redis = env.getProperty(REDIS_URL, "redis://127.0.0.1:6379");
        String jdbc = env.getProperty(JDBC_URL, "jdbc:postgresql://127.0.0.1:5432/quotegate");
        String master = env.getProperty(SENTINEL_MASTER);
        return new ClusterEndpoints(
                master == null || master.isBlank() ? redisUri(redis) : sentinel(env, master),
                jdbcUrl(jdbc),
                env.getProperty("spring.datasource.username", "postgres"),
                env.getProperty("spring.datasource.password"));
    }

    public static final String SENTINEL_MASTER = "spring.data.redis.sentinel.master";
    public static final String SENTINEL_NODES = "spring.data.redis.sentinel.nodes";

    /**
     * Redis behind Sentinel, from Spring Boot's standard keys: {@code spring.data.redis.sentinel.master} and
     * {@code .nodes} (host:port, comma separated), {@code .username} / {@code .password} for the Sentinels, and
     * {@code spring.data.redis.username} / {@code .password} / {@code .database} for the data nodes. Every connection
     * (and every reconnection) asks the Sentinels which node is the primary.
     */
    static RedisURI sentinel(Environment env, String master) {
        String nodes = env.getProperty(SENTINEL_NODES, "");
        List<String> list = Arrays.stream(nodes.split(","))
                .map(String::trim)
                .filter(x -> !x.isEmpty())
                .toList();
        if (list.isEmpty()) {
            throw new InvalidConfigurationException(
                    SENTINEL_NODES, "no Sentinel given for master '" + master + "'; use host:port[,host:port...]");
        }
        RedisURI.Builder b = RedisURI.builder().withSentinelMasterId(master);
        for (String node : list) {
            int colon = node.lastIndexOf(':');
            String host = colon < 0 ? node : node.substring(0, colon);
            int port;
            try {
                port = colon < 0 ? RedisURI.DEFAULT_SENTINEL_PORT : Integer.parseInt(node.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException(SENTINEL_NODES, "'" + node + "' is not host:port");
            }
            if (host.isBlank()) {
                throw new InvalidConfigurationException(SENTINEL_NODES, "'" + node + "' has no host");
            }
            RedisURI.Builder one = RedisURI.Builder.redis(host, port);
            String sentinelPassword = env.getProperty("spring.data.redis.sentinel.password");
            if (sentinelPassword != null && !sentinelPassword.isEmpty()) {
                String user = env.getProperty("spring.data.redis.sentinel.username");
                if (user != null && !user.isEmpty()) {
                    one.withAuthentication(user, sentinelPassword);
                } else {
                    one.withPassword(sentinelPassword.toCharArray());
                }
            }
            b.withSentinel(one.build());
        }
        String password = env.getProperty("spring.data.redis.password");
        if (password != null && !password.isEmpty()) {
            String user = env.getProperty("spring.data.redis.username");
            if (user != null && !user.isEmpty()) {
                b.withAuthentication(user, password);
            } else {
                b.withPassword(password.toCharArray());
            }
        }
        b.withDatabase(env.getProperty("spring.data.redis.database", Integer.class, 0));
        return b.build();
    }

    static RedisURI redisUri(String url) {
        boolean sentinel = url.startsWith("redis-sentinel://");
        if (!url.startsWith("redis://") && !url.startsWith("rediss://") && !sentinel) {
            throw new InvalidConfigurationException(
                    REDIS_URL, "'" + url + "' is not a Redis URL; use redis://host:port[/db]");
        }
        try {
            RedisURI uri = RedisURI.create(url);
            if (sentinel
                    ? uri.getSentinels().isEmpty() || uri.getSentinelMasterId() == null
                    : uri.getHost() == null || uri.getHost().isBlank()) {
                throw new IllegalArgumentException(sentinel ? "no Sentinel or no #master" : "no host");
            }
            return uri;
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(
                    REDIS_URL,
                    "'" + url + "' is not a Redis URL (" + e.getMessage()
                            + "); use redis://host:port[/db] or redis-sentinel://host:port[,host:port]#master");
        }
    }

    static String jdbcUrl(String url) {
        String problem = null;
        if (!url.startsWith("jdbc:postgresql://")) {
            problem = "only PostgreSQL is supported";
        } else {
            try {
                URI uri = URI.create(url.substring("jdbc:".length()));
                if (uri.getHost() == null
                        || uri.getPath() == null
                        || uri.getPath().length() < 2) {
                    problem = "it needs a host and a database name";
                }
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            throw new InvalidConfigurationException(
                    JDBC_URL,
                    "'" + url + "' is not a PostgreSQL JDBC URL (" + problem
                            + "); use jdbc:postgresql://host:port/database");
        }
        return url;
    }
}
