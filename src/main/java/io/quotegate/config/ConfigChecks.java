package io.quotegate.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cross-key checks that annotations cannot express. Each failure names the key, so a bad
 * configuration fails at start with a message an operator can act on.
 */
final class ConfigChecks {

    private static final Pattern FEED_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern COST = Pattern.compile("per-symbol|per-call|weight:[1-9][0-9]*");
    private static final Set<String> RESERVED = Set.of("stream", "trace", "budget", "actuator", "error");

    private ConfigChecks() {}

    static void verify(
            Map<String, QuotegateProperties.Feed> feeds,
            Map<String, QuotegateProperties.Provider> providers,
            QuotegateProperties.Budget budget) {
        Map<String, QuotegateProperties.Provider> known = providers == null ? Map.of() : providers;
        if (feeds != null) {
            feeds.forEach((name, feed) -> verifyFeed(name, feed, known));
            verifyShares(feeds);
        }
        known.forEach(ConfigChecks::verifyProvider);
        if (budget != null
                && !(budget.warnAt() <= budget.degradeAt() && budget.degradeAt() <= budget.criticalOnlyAt())) {
            throw new InvalidConfigurationException(
                    "quotegate.budget",
                    "thresholds must satisfy warn-at <= degrade-at <= critical-only-at" + " (got " + budget.warnAt()
                            + ", " + budget.degradeAt() + ", " + budget.criticalOnlyAt() + ")");
        }
        if (budget != null
                && budget.spare() != null
                && !(budget.spare().after() >= 0 && budget.spare().after() < 1)) {
            throw new InvalidConfigurationException(
                    "quotegate.budget.spare.after",
                    "must be a share of the day in [0, 1) (spare refreshes only after it), got "
                            + budget.spare().after());
        }
    }

    private static void verifyFeed(
            String name, QuotegateProperties.Feed feed, Map<String, QuotegateProperties.Provider> known) {
        String key = "quotegate.feeds." + name;
        if (!FEED_NAME.matcher(name).matches() || RESERVED.contains(name)) {
            throw new InvalidConfigurationException(
                    key,
                    "'" + name + "' cannot be a feed name: use lowercase letters, digits and '-'," + " and none of "
                            + RESERVED);
        }
        if (feed == null) {
            throw new InvalidConfigurationException(key, "the feed has no settings");
        }
        List<Integer> slots = feed.slots() == null ? List.of() : feed.slots();
        for (int i = 0; i < slots.size(); i++) {
            Integer s = slots.get(i);
            if (s == null || s < 0 || s > 59) {
                throw new InvalidConfigurationException(key + ".slots[" + i + "]", s + " is outside 0..59");
            }
        }
        if (feed.ttl() != null && (feed.ttl().isNegative() || feed.ttl().isZero())) {
            throw new InvalidConfigurationException(key + ".ttl", "must be positive, got " + feed.ttl());
        }
        if (feed.symbols() != null
                && new HashSet<>(feed.symbols()).size() != feed.symbols().size()) {
            throw new InvalidConfigurationException(key + ".symbols", "lists a symbol twice: " + feed.symbols());
        }
        List<String> chain = feed.providers() == null ? List.of() : feed.providers();
        for (int i = 0; i < chain.size(); i++) {
            if (!known.containsKey(chain.get(i))) {
                throw new InvalidConfigurationException(
                        key + ".providers[" + i + "]",
                        "'" + chain.get(i) + "' is not configured under quotegate.providers (configured: "
                                + known.keySet() + ")");
            }
        }
    }

    private static void verifyProvider(String name, QuotegateProperties.Provider p) {
        String key = "quotegate.providers." + name;
        if (p == null) {
            return;
        }
        if (p.cost() != null && !COST.matcher(p.cost().trim()).matches()) {
            throw new InvalidConfigurationException(
                    key + ".cost", "'" + p.cost() + "' is not a cost model; use per-symbol, per-call or weight:<n>");
        }
        if (p.timeout() != null && (p.timeout().isNegative() || p.timeout().isZero())) {
            throw new InvalidConfigurationException(key + ".timeout", "must be positive, got " + p.timeout());
        }
        if (p.maxAge() != null && (p.maxAge().isNegative() || p.maxAge().isZero())) {
            throw new InvalidConfigurationException(key + ".max-age", "must be positive, got " + p.maxAge());
        }
        if (p.baseUrl() != null && !p.baseUrl().isBlank() && !p.baseUrl().matches("https?://.+")) {
            throw new InvalidConfigurationException(key + ".base-url", "'" + p.baseUrl() + "' is not an http(s) URL");
        }
        oneOf(key, "api-key", p.apiKey(), p.apiKeyFile());
        oneOf(key, "api-secret", p.apiSecret(), p.apiSecretFile());
        oneOf(key, "password", p.password(), p.passwordFile());
    }

    /** A secret comes from its value or from its file, never both: which one would win is anybody's guess. */
    private static void oneOf(String key, String name, String value, String file) {
        if (value != null && !value.isBlank() && file != null && !file.isBlank()) {
            throw new InvalidConfigurationException(
                    key + "." + name + "-file",
                    "is set together with " + key + "." + name + ": give the secret once, as a value or as a file");
        }
    }

    /** Configured shares of the feeds using one provider may not add up to more than the whole. */
    private static void verifyShares(Map<String, QuotegateProperties.Feed> feeds) {
        Map<String, Double> sum = new HashMap<>();
        feeds.forEach((name, f) -> {
            if (f != null && f.share() != null && f.providers() != null) {
                f.providers().forEach(p -> sum.merge(p, f.share(), Double::sum));
            }
        });
        sum.forEach((provider, total) -> {
            if (total > 1.0 + 1e-9) {
                throw new InvalidConfigurationException(
                        "quotegate.feeds.*.share",
                        "shares of the feeds using " + provider + " add up to " + total + ", more than 1");
            }
        });
    }
}
