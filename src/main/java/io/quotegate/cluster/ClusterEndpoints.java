package io.quotegate.cluster;

import io.lettuce.core.RedisURI;
import io.quotegate.config.InvalidConfigurationException;
import java.net.URI;
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
        return new ClusterEndpoints(
                redisUri(redis),
                jdbcUrl(jdbc),
                env.getProperty("spring.datasource.username", "postgres"),
                env.getProperty("spring.datasource.password"));
    }

    static RedisURI redisUri(String url) {
        if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
            throw new InvalidConfigurationException(
                    REDIS_URL, "'" + url + "' is not a Redis URL; use redis://host:port[/db]");
        }
        try {
            RedisURI uri = RedisURI.create(url);
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new IllegalArgumentException("no host");
            }
            return uri;
        } catch (RuntimeException e) {
            throw new InvalidConfigurationException(
                    REDIS_URL, "'" + url + "' is not a Redis URL (" + e.getMessage() + "); use redis://host:port[/db]");
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
