package io.quotegate.client;

import io.quotegate.config.InvalidConfigurationException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code quotegate.clients}: the tiers, the keys (as SHA-256 hashes only) and the
 * warning threshold. Key names are a contract (issue 11). Checked once at start; a bad value fails
 * the start with the key that holds it.
 *
 * @param anonymousTier the tier of requests without a key; {@code none} means a key is required
 * @param warnAt        the share of a limit at which a {@code warning} event is pushed (and again at 100 %)
 * @param keyPrefix     the Redis key prefix of the shared counters in distributed mode
 */
@ConfigurationProperties("quotegate.clients")
public record ClientProperties(
        @DefaultValue("open") String anonymousTier,
        @DefaultValue("0.8") double warnAt,
        @DefaultValue Map<String, TierLimits> tiers,
        @DefaultValue List<KeyEntry> keys,
        @DefaultValue("quotegate:clients:") String keyPrefix) {

    /** {@code anonymous-tier: none}: every request needs a key. */
    public static final String NONE = "none";
    /** The tier that exists even when it is not configured: everything unlimited. */
    public static final String OPEN = "open";

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String KEY = "quotegate.clients";

    public ClientProperties {
        tiers = tiers == null ? new LinkedHashMap<>() : new LinkedHashMap<>(tiers);
        keys = keys == null ? List.of() : List.copyOf(keys);
        if (!tiers.containsKey(OPEN)) {
            tiers.put(OPEN, new TierLimits(0, 0, 0, DataSize.ofBytes(0)));
        }
        tiers = Map.copyOf(tiers);
        anonymousTier = anonymousTier == null ? OPEN : anonymousTier.trim();
        keyPrefix = keyPrefix == null || keyPrefix.isBlank() ? "quotegate:clients:" : keyPrefix;
        verify(anonymousTier, warnAt, tiers, keys);
    }

    /**
     * One tier's limits; 0 means unlimited.
     *
     * @param bytesPerMonth a data size such as {@code 50GB}
     */
    public record TierLimits(
            @DefaultValue("0") long requestsPerMinute,
            @DefaultValue("0") int maxStreams,
            @DefaultValue("0") long messagesPerMonth,
            @DefaultValue("0B") DataSize bytesPerMonth) {}

    /** One client key: its name (shown on /usage and nowhere else), the hex SHA-256 of the key, its tier. */
    public record KeyEntry(
            @Nullable String name,
            @Nullable String sha256,
            @Nullable String tier) {}

    private static void verify(
            String anonymousTier, double warnAt, Map<String, TierLimits> tiers, List<KeyEntry> keys) {
        if (!(warnAt > 0.0 && warnAt <= 1.0)) {
            throw new InvalidConfigurationException(KEY + ".warn-at", "must be a share in (0, 1], got " + warnAt);
        }
        if (!anonymousTier.equals(NONE) && !tiers.containsKey(anonymousTier)) {
            throw new InvalidConfigurationException(
                    KEY + ".anonymous-tier",
                    "'" + anonymousTier + "' is neither '" + NONE + "' nor a configured tier (tiers: " + tiers.keySet()
                            + ")");
        }
        tiers.forEach((name, t) -> {
            String key = KEY + ".tiers." + name;
            if (name.equals(NONE)) {
                throw new InvalidConfigurationException(key, "'" + NONE + "' is reserved for anonymous-tier");
            }
            if (t == null) {
                throw new InvalidConfigurationException(key, "the tier has no limits");
            }
            if (t.requestsPerMinute() < 0) {
                throw new InvalidConfigurationException(
                        key + ".requests-per-minute", "must be 0 (unlimited) or more, got " + t.requestsPerMinute());
            }
            if (t.maxStreams() < 0) {
                throw new InvalidConfigurationException(
                        key + ".max-streams", "must be 0 (unlimited) or more, got " + t.maxStreams());
            }
            if (t.messagesPerMonth() < 0) {
                throw new InvalidConfigurationException(
                        key + ".messages-per-month", "must be 0 (unlimited) or more, got " + t.messagesPerMonth());
            }
            if (t.bytesPerMonth() == null || t.bytesPerMonth().isNegative()) {
                throw new InvalidConfigurationException(
                        key + ".bytes-per-month", "must be a data size such as 50GB, or 0 (unlimited)");
            }
        });
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (int i = 0; i < keys.size(); i++) {
            KeyEntry k = keys.get(i);
            String key = KEY + ".keys[" + i + "]";
            if (k == null || k.name() == null || k.name().isBlank()) {
                throw new InvalidConfigurationException(
                        key + ".name", "every key needs a name (it is what /usage shows)");
            }
            if (k.sha256() == null
                    || !SHA256.matcher(k.sha256().trim().toLowerCase(Locale.ROOT))
                            .matches()) {
                throw new InvalidConfigurationException(
                        key + ".sha256",
                        "must be the 64 hex digits of the key's SHA-256"
                                + " (printf %s \"$KEY\" | sha256sum), never the key itself");
            }
            if (k.tier() == null || !tiers.containsKey(k.tier())) {
                throw new InvalidConfigurationException(
                        key + ".tier", "'" + k.tier() + "' is not a configured tier (tiers: " + tiers.keySet() + ")");
            }
            if (!names.add(k.name())) {
                throw new InvalidConfigurationException(key + ".name", "'" + k.name() + "' is used by two keys");
            }
            if (!hashes.add(k.sha256().trim().toLowerCase(Locale.ROOT))) {
                throw new InvalidConfigurationException(key + ".sha256", "the same key hash is listed twice");
            }
        }
    }
}
