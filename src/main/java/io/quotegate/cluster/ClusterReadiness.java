package io.quotegate.cluster;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of the shared services. Embedded: always up (nothing is shared). Distributed: out of
 * service until Redis and PostgreSQL have both answered once, naming which does not; the process keeps
 * running and connects when they appear. Once ready, a replica stays ready when either is lost later: it
 * serves its local copies, its slots keep firing (claimed in Redis while PostgreSQL is lost, within its
 * safety share while Redis is), so taking every replica out of service would only turn a degraded cluster
 * into an outage. The details then name what is down ({@code degraded}).
 */
public final class ClusterReadiness implements HealthIndicator {

    private final @Nullable RedisLink redis;
    private final @Nullable Database database;
    private final @Nullable Heartbeat heartbeat;

    public ClusterReadiness(@Nullable RedisLink redis, @Nullable Database database, @Nullable Heartbeat heartbeat) {
        this.redis = redis;
        this.database = database;
        this.heartbeat = heartbeat;
    }

    public static ClusterReadiness embedded() {
        return new ClusterReadiness(null, null, null);
    }

    @Override
    public Health health() {
        if (redis == null) {
            return Health.up().withDetail("mode", "embedded").build();
        }
        List<String> down = new ArrayList<>();
        if (!redis.up()) {
            down.add("Redis at " + redis.endpoint() + " is unreachable: " + redis.lastError());
        }
        if (database != null && !database.up()) {
            down.add("PostgreSQL at " + database.url() + " is unreachable: " + database.lastError());
        }
        boolean wasReady = redis.connectedOnce() && (database == null || database.answeredOnce());
        Health.Builder h = down.isEmpty()
                ? Health.up()
                : wasReady
                        ? Health.up().withDetail("degraded", down)
                        : Health.outOfService().withDetail("down", down);
        h.withDetail("mode", "distributed").withDetail("redis", redis.endpoint());
        if (database != null) {
            h.withDetail("postgresql", database.url());
        }
        if (heartbeat != null) {
            h.withDetail("instance", heartbeat.instance()).withDetail("replicas", heartbeat.replicas());
        }
        return h.build();
    }
}
