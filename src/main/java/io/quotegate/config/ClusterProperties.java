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
     * @param heartbeat how often a replica says it is alive in Redis; a replica is counted alive for three beats,
     *                  and a slot's claim (see below) lapses three beats after its replica stopped renewing it
     * @param slotGrace how late (model time, like slots and TTLs) a slot may still start on another replica when
     *                  the one that claimed it died mid-slot, or when the clustered scheduler could not fire it
     *                  (PostgreSQL lost); never later than the feed's next slot
     */
    public record Cluster(
            @NotBlank @DefaultValue("quotegate") String name,
            String keyPrefix,
            @NotNull @DefaultValue("1s") Duration heartbeat,
            @NotNull @DefaultValue("10m") Duration slotGrace) {

        public Cluster {
            for (String[] key : new String[][] {{"name", name}, {"key-prefix", keyPrefix}}) {
                if (key[1] != null && (key[1].contains("{") || key[1].contains("}"))) {
                    throw new InvalidConfigurationException(
                            "quotegate.cluster." + key[0],
                            "'" + key[1] + "' may not contain { or }: the cluster's Redis keys use them as hash tags");
                }
            }
            if (heartbeat != null && (heartbeat.isNegative() || heartbeat.isZero())) {
                throw new InvalidConfigurationException(
                        "quotegate.cluster.heartbeat", "must be positive, got " + heartbeat);
            }
        }

        public String prefix() {
            return keyPrefix == null || keyPrefix.isBlank() ? name : keyPrefix;
        }

        /** How long a slot's claim lives without being renewed: three heartbeats. */
        public Duration claimLease() {
            return heartbeat.multipliedBy(3);
        }
    }
}
