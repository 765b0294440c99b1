package io.quotegate.config;

import io.quotegate.model.Priority;
import io.quotegate.model.SlotUnit;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code quotegate.*}. Key names are a contract (see design.md): tools, tests and
 * the deployment rely on them. Bound once at start and validated; {@link ConfigChecks} adds the
 * cross-key checks that annotations cannot express. Feature code does not read this record
 * directly: it is converted once into domain objects (Feed, ProviderSettings, Budget).
 */
@Validated
@ConfigurationProperties("quotegate")
public record QuotegateProperties(
        @Valid @DefaultValue Schedule schedule,

        @NotEmpty(
                message =
                        "no feeds configured: run from the repository root (config/application.yml) or set quotegate.feeds")
        Map<String, @Valid Feed> feeds,

        @NotEmpty(message = "no providers configured: set quotegate.providers")
        Map<String, @Valid Provider> providers,

        @Valid @DefaultValue Budget budget,
        @Valid @DefaultValue Stream stream,
        @NotNull @DefaultValue("./data") Path dataDir) {

    public QuotegateProperties {
        ConfigChecks.verify(feeds, providers, budget);
    }

    public record Schedule(
            @NotNull @DefaultValue("UTC") ZoneId zone,
            @NotNull @DefaultValue("minutes") SlotUnit unit) {}

    public record Feed(
            @NotEmpty(message = "a feed needs at least one slot")
            List<Integer> slots,

            @NotNull Duration ttl,

            @NotEmpty(message = "a feed needs at least one symbol")
            List<String> symbols,

            @NotEmpty(message = "a feed needs at least one provider in its chain")
            List<String> providers,

            @NotNull @DefaultValue("normal") Priority priority,

            @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("1.0")
            Double share) {}

    /**
     * One provider's block. Each secret is given either as a value ({@code api-key}, usually from an environment
     * variable) or as a file holding it ({@code api-key-file}: the usual shape of a mounted Kubernetes Secret),
     * re-read when the file changes and after an authentication failure, so a rotated key is used without a
     * restart. Giving both fails the start naming the two keys.
     *
     * @param apiSecret      the second half of a key pair (Alpaca's secret key)
     * @param identifier     the account's login (Capital.com), for providers that open a session
     * @param password       the account's or the API key's password (Capital.com)
     * @param apiKeyFile     a file holding the API key instead of {@code api-key}
     * @param apiSecretFile  a file holding the API secret instead of {@code api-secret}
     * @param passwordFile   a file holding the password instead of {@code password}
     */
    public record Provider(
            String baseUrl,
            String apiKey,
            /** The second credential of providers that need a key pair (Alpaca's secret key). */
            String apiSecret,
            @Positive Integer maxBatch,
            /** The longest query string one call may carry, for providers that split batches by it (Kraken). */
            @Positive Integer maxQueryLength,
            @DefaultValue("per-call") String cost,
            @Valid @DefaultValue Limits limits,
            @DefaultValue Map<String, String> symbols,
            @NotNull @DefaultValue("5s") Duration timeout,
            @DefaultValue("true") boolean enabled,
            /** Last-resort values for the static provider, by feed symbol. */
            @DefaultValue Map<String, BigDecimal> values,
            /** Seed of the demo provider's random walk. */
            @DefaultValue("42") long seed,
            /**
             * How old (model time, by its own date, while its market is open) a live price of this provider may
             * be and still count as current; unset: derived from each feed's slots (feed.Freshness).
             */
            Duration maxAge,
            String identifier,
            String password,
            String apiKeyFile,
            String apiSecretFile,
            String passwordFile,
            /**
             * Real time before a budget window's end within which a spend also counts in the next window, because
             * the provider counts it by its own clock when it arrives; not set: the budget's default (500 ms for a
             * provider over the network, 0 for one in this process).
             */
            @Nullable Duration edgeGuard) {

        /** Symbols per call when {@code max-batch} is not set. */
        public static final int DEFAULT_MAX_BATCH = 100;

        /**
         * Query characters per call when {@code max-query-length} is not set: URLs of about 2,000 characters
         * pass every proxy and CDN in the way; Kraken's failures (414, 520) came from lists of hundreds of pairs.
         */
        public static final int DEFAULT_MAX_QUERY_LENGTH = 2000;

        /** {@code max-batch}, or {@link #DEFAULT_MAX_BATCH} when it is not set. */
        public int maxBatchOrDefault() {
            return maxBatch == null ? DEFAULT_MAX_BATCH : maxBatch;
        }

        /** {@code max-query-length}, or {@link #DEFAULT_MAX_QUERY_LENGTH} when it is not set. */
        public int maxQueryLengthOrDefault() {
            return maxQueryLength == null ? DEFAULT_MAX_QUERY_LENGTH : maxQueryLength;
        }
    }

    public record Limits(
            @Positive Integer perMinute,
            @Positive Integer perDay,
            @Positive Integer perMonth) {}

    public record Budget(
            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.5")
            double target,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.7")
            double warnAt,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.9")
            double degradeAt,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.95")
            double criticalOnlyAt,

            @DefaultValue("false") boolean allowOvercommit,
            @Valid @DefaultValue Spare spare) {}

    /**
     * {@code quotegate.budget.spare.*}: extra refreshes of critical feeds between their slots, taken only
     * late in the (model) day and only while the day still ends at or under {@code target}.
     *
     * @param enabled off by default: the credits spent then equal the plan, as the week tests compare
     * @param after   the share of the UTC day (model time) that must have passed before a spare refresh, in [0, 1)
     */
    public record Spare(
            @DefaultValue("false") boolean enabled,

            @DecimalMin("0.0") @DecimalMax(value = "1.0", inclusive = false) @DefaultValue("0.75")
            double after) {}

    public record Stream(@NotNull @DefaultValue("15s") Duration heartbeat) {}
}
