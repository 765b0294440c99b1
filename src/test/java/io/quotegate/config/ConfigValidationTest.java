package io.quotegate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    @Test
    void theValidBaseConfigurationBinds() {
        QuotegateProperties p = Configs.valid().bind();

        assertThat(p.feeds()).containsOnlyKeys("fx");
        assertThat(p.feeds().get("fx").slots()).containsExactly(0, 30);
        assertThat(p.feeds().get("fx").ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.providers().get("demo").cost()).isEqualTo("per-symbol");
    }

    @Test
    void aKeyPairsSecretAndAMaxQueryLengthBindUnderTheirKeys() {
        QuotegateProperties p = Configs.valid()
                .with("quotegate.providers.demo.api-key", "key-id")
                .with("quotegate.providers.demo.api-secret", "secret-key")
                .with("quotegate.providers.demo.max-query-length", "1500")
                .bind();

        assertThat(p.providers().get("demo").apiSecret()).isEqualTo("secret-key");
        assertThat(p.providers().get("demo").maxQueryLengthOrDefault()).isEqualTo(1500);
        assertThat(Configs.valid().bind().providers().get("demo").maxQueryLengthOrDefault())
                .isEqualTo(QuotegateProperties.Provider.DEFAULT_MAX_QUERY_LENGTH);
        assertThat(Configs.valid().bind().providers().get("demo").apiSecret()).isNull();
    }

    @Test
    void aSlotOutsideTheHourNamesItsKey() {
        failure(Configs.valid().with("quotegate.feeds.fx.slots[1]", "61"))
                .hasMessageStartingWith("quotegate.feeds.fx.slots[1]")
                .hasMessageContaining("61");
    }

    @Test
    void aNegativeSlotNamesItsKey() {
        failure(Configs.valid().with("quotegate.feeds.fx.slots[0]", "-5"))
                .hasMessageStartingWith("quotegate.feeds.fx.slots[0]");
    }

    @Test
    void aChainNamingAnUnconfiguredProviderNamesTheChainEntry() {
        failure(Configs.valid().with("quotegate.feeds.fx.providers[0]", "twelvedata"))
                .hasMessageStartingWith("quotegate.feeds.fx.providers[0]")
                .hasMessageContaining("twelvedata");
    }

    @Test
    void theSecondChainEntryIsNamedByItsIndex() {
        failure(Configs.valid().with("quotegate.feeds.fx.providers[1]", "frankfurter"))
                .hasMessageStartingWith("quotegate.feeds.fx.providers[1]");
    }

    @Test
    void anUnknownCostModelNamesTheProvidersCostKey() {
        failure(Configs.valid().with("quotegate.providers.x.cost", "banana"))
                .hasMessageStartingWith("quotegate.providers.x.cost")
                .hasMessageContaining("banana");
    }

    @Test
    void theKnownCostModelsAreAccepted() {
        for (String cost : List.of("per-symbol", "per-call", "weight:4")) {
            assertThat(Configs.valid()
                            .with("quotegate.providers.demo.cost", cost)
                            .bind()
                            .providers()
                            .get("demo")
                            .cost())
                    .isEqualTo(cost);
        }
        failure(Configs.valid().with("quotegate.providers.demo.cost", "weight:0"))
                .hasMessageStartingWith("quotegate.providers.demo.cost");
    }

    @Test
    void budgetThresholdsOutOfOrderNameTheBudget() {
        failure(Configs.valid().with("quotegate.budget.warn-at", "0.9").with("quotegate.budget.degrade-at", "0.7"))
                .hasMessageStartingWith("quotegate.budget");
        failure(Configs.valid().with("quotegate.budget.critical-only-at", "0.8"))
                .hasMessageStartingWith("quotegate.budget");
    }

    @Test
    void spareRefreshesAreOffByDefaultAndTheirDayShareNamesItsKey() {
        QuotegateProperties p = Configs.valid().bind();
        assertThat(p.budget().spare().enabled()).isFalse();
        assertThat(p.budget().spare().after()).isEqualTo(0.75);

        assertThat(Configs.valid()
                        .with("quotegate.budget.spare.enabled", "true")
                        .with("quotegate.budget.spare.after", "0.5")
                        .bind()
                        .budget()
                        .spare())
                .isEqualTo(new QuotegateProperties.Spare(true, 0.5));
        failure(Configs.valid().with("quotegate.budget.spare.after", "1.0"))
                .hasMessageStartingWith("quotegate.budget.spare.after")
                .hasMessageContaining("1.0");
        failure(Configs.valid().with("quotegate.budget.spare.after", "-0.1"))
                .hasMessageStartingWith("quotegate.budget.spare.after");
    }

    @Test
    void aFeedCannotBeNamedLikeAnEndpoint() {
        failure(Configs.valid()
                        .with("quotegate.feeds.trace.slots[0]", "15")
                        .with("quotegate.feeds.trace.ttl", "30m")
                        .with("quotegate.feeds.trace.symbols[0]", "X")
                        .with("quotegate.feeds.trace.providers[0]", "demo"))
                .hasMessageStartingWith("quotegate.feeds.trace")
                .hasMessageContaining("trace");
    }

    @Test
    void sharesOfOneProviderAddingUpToMoreThanTheWholeAreRejected() {
        failure(Configs.valid()
                        .withCrypto()
                        .with("quotegate.feeds.fx.share", "0.6")
                        .with("quotegate.feeds.crypto.share", "0.5"))
                .hasMessageContaining("share")
                .hasMessageContaining("demo");
    }

    @Test
    void sharesThatFitTheWholeAreAccepted() {
        QuotegateProperties p = Configs.valid()
                .withCrypto()
                .with("quotegate.feeds.fx.share", "0.5")
                .with("quotegate.feeds.crypto.share", "0.5")
                .bind();

        assertThat(p.feeds().get("fx").share()).isEqualTo(0.5);
        assertThat(p.feeds().get("crypto").share()).isEqualTo(0.5);
    }

    @Test
    void aSymbolListedTwiceNamesTheSymbolsKey() {
        failure(Configs.valid().with("quotegate.feeds.fx.symbols[1]", "EUR/USD"))
                .hasMessageStartingWith("quotegate.feeds.fx.symbols");
    }

    @Test
    void aNonHttpBaseUrlNamesItsKey() {
        failure(Configs.valid().with("quotegate.providers.demo.base-url", "ftp://example.com"))
                .hasMessageStartingWith("quotegate.providers.demo.base-url");
    }

    @Test
    void aSecretGivenAsAValueAndAsAFileNamesBothKeys() {
        failure(Configs.valid()
                        .with("quotegate.providers.demo.api-key", "k-1234")
                        .with("quotegate.providers.demo.api-key-file", "/etc/quotegate/keys/DEMO_API_KEY"))
                .hasMessageStartingWith("quotegate.providers.demo.api-key-file")
                .hasMessageContaining("quotegate.providers.demo.api-key");
        failure(Configs.valid()
                        .with("quotegate.providers.demo.password", "pw-1234")
                        .with("quotegate.providers.demo.password-file", "/etc/quotegate/keys/PW"))
                .hasMessageStartingWith("quotegate.providers.demo.password-file");
    }

    @Test
    void anEmptyValueBesideAFileIsNoConflict() {
        QuotegateProperties p = Configs.valid()
                .with("quotegate.providers.demo.api-key", "")
                .with("quotegate.providers.demo.api-key-file", "/etc/quotegate/keys/DEMO_API_KEY")
                .bind();

        assertThat(p.providers().get("demo").apiKeyFile()).isEqualTo("/etc/quotegate/keys/DEMO_API_KEY");
    }

    @Test
    void theExceptionCarriesTheKeyForTheStartupReport() {
        Throwable thrown = catchThrowable(
                () -> Configs.valid().with("quotegate.feeds.fx.slots[1]", "61").bind());

        InvalidConfigurationException cause = invalid(thrown);
        assertThat(cause.key()).isEqualTo("quotegate.feeds.fx.slots[1]");
    }

    @Test
    void constructingTheRecordDirectlyRunsTheSameChecks() {
        var feed = new QuotegateProperties.Feed(
                List.of(0, 60),
                Duration.ofMinutes(30),
                List.of("EUR/USD"),
                List.of("demo"),
                io.quotegate.model.Priority.CRITICAL,
                null);
        var provider = new QuotegateProperties.Provider(
                null,
                null,
                null,
                8,
                null,
                "per-symbol",
                new QuotegateProperties.Limits(8, 800, null),
                Map.of(),
                Duration.ofSeconds(5),
                true,
                Map.of(),
                42,
                null,
                null,
                null,
                null,
                null,
                null,
                null);

        Throwable thrown = catchThrowable(() -> new QuotegateProperties(
                null, Map.of("fx", feed), Map.of("demo", provider), null, null, java.nio.file.Path.of("data")));

        assertThat(invalid(thrown).key()).isEqualTo("quotegate.feeds.fx.slots[1]");
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> failure(Configs configs) {
        Throwable thrown = catchThrowable(configs::bind);
        return Assertions.assertThat((Throwable) invalid(thrown));
    }

    private static InvalidConfigurationException invalid(Throwable thrown) {
        assertThat(thrown).as("binding should fail").isNotNull();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException e) {
                return e;
            }
        }
        throw new AssertionError("no InvalidConfigurationException in the causes of " + thrown, thrown);
    }
}
