package io.quotegate.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code quotegate.mode} and, for the distributed mode, {@code quotegate.cluster.*}. Kept apart from
 * {@link QuotegateProperties} so the embedded default stays exactly what it was: nothing here is read,
 * and nothing connects, unless {@code quotegate.mode=distributed}.
 *
 * @param mode    {@code embedded} (default: one process, budgets and snapshots in memory) or
 *                {@code distributed} (budgets and snapshots in Redis, slots in a clustered Quartz on PostgreSQL)
 * @param cluster the distributed mode's own settings
 */
@Validated
@ConfigurationProperties("quotegate")
public record ClusterProperties(
        @NotNull @DefaultValue("embedded") Mode mode,
        @DefaultValue Cluster cluster) {

    public enum Mode {
        EMBEDDED,
        DISTRIBUTED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public boolean distributed() {
        return mode == Mode.DISTRIBUTED;
    }

    /**
     * @param name      the cluster's name: the Quartz scheduler name and the default key prefix; replicas
     *                  with the same name share one budget, one set of snapshots and one schedule
     * @param keyPrefix prefix of every Redis key (default: the name)
     * @param heartbeat how often a replica says it is alive in Redis; a replica is counted alive for three beats
     */
    public record Cluster(
            @NotBlank @DefaultValue("quotegate") String name,
            String keyPrefix,
            @NotNull @DefaultValue("1s") Duration heartbeat) {

        public String prefix() {
            return keyPrefix == null || keyPrefix.isBlank() ? name : keyPrefix;
        }
    }
}
