package io.quotegate.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.config.QuotegateProperties.Feed;
import io.quotegate.model.Priority;
import io.quotegate.model.SlotUnit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/** The shipped config/application.yml (tests run from the repository root). */
class ShippedConfigurationTest {

    private static QuotegateProperties shipped;

    @BeforeAll
    static void bindTheShippedFile() throws IOException {
        FileSystemResource file = new FileSystemResource(Path.of("config", "application.yml"));
        assertThat(file.exists())
                .as("config/application.yml from " + Path.of("").toAbsolutePath())
                .isTrue();
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("config/application.yml", file);
        shipped = new Binder(ConfigurationPropertySources.from(sources))
                .bind("quotegate", Bindable.of(QuotegateProperties.class))
                .get();
    }

    @Test
    void itHasTheFiveFeeds() {
        assertThat(shipped.feeds()).containsOnlyKeys("fx", "indices", "crypto", "commodities", "stocks");
    }

    @Test
    void theFeedsHaveEightSixteenEightAndEightSymbols() {
        assertThat(shipped.feeds().get("fx").symbols()).hasSize(8).doesNotHaveDuplicates();
        assertThat(shipped.feeds().get("indices").symbols()).hasSize(16).doesNotHaveDuplicates();
        assertThat(shipped.feeds().get("crypto").symbols())
                .hasSize(8)
                .doesNotHaveDuplicates()
                .allMatch(s -> s.endsWith("/USD"));
        assertThat(shipped.feeds().get("commodities").symbols())
                .hasSize(8)
                .doesNotHaveDuplicates()
                .contains("XAU/USD", "XAG/USD");
        assertThat(shipped.feeds().get("fx").symbols()).contains("EUR/USD", "USD/JPY");
        assertThat(shipped.feeds().get("stocks").symbols())
                .hasSize(8)
                .doesNotHaveDuplicates()
                .contains("AAPL", "SPY")
                .noneMatch(s -> s.contains("/"));
    }

    @Test
    void theSlotsAreStaggered() {
        assertThat(shipped.feeds().get("fx").slots()).containsExactly(0, 30);
        assertThat(shipped.feeds().get("indices").slots()).containsExactly(5, 35);
        assertThat(shipped.feeds().get("crypto").slots()).containsExactly(20, 50);
        assertThat(shipped.feeds().get("commodities").slots()).containsExactly(10, 40);
        assertThat(shipped.feeds().get("stocks").slots()).containsExactly(25, 55);

        Set<Integer> all = new HashSet<>();
        shipped.feeds().values().forEach(f -> all.addAll(f.slots()));
        assertThat(all).as("no two feeds share a slot").hasSize(10);
    }

    @Test
    void everyFeedRunsOnTheDemoProviderByDefault() {
        for (Map.Entry<String, Feed> e : shipped.feeds().entrySet()) {
            assertThat(e.getValue().providers()).as(e.getKey()).containsExactly("demo");
        }
        assertThat(shipped.providers()).containsKey("demo");
        assertThat(shipped.providers().get("demo").cost()).isEqualTo("per-symbol");
        // Roomy, so the default demo is calm: the five warm-ups (48 credits) fit one minute, and the day the target.
        assertThat(shipped.providers().get("demo").limits().perMinute()).isEqualTo(60);
        assertThat(shipped.providers().get("demo").limits().perDay()).isEqualTo(4000);
        assertThat(shipped.providers().get("demo").apiKey()).isNull();
        assertThat(shipped.budget().allowOvercommit()).isFalse();
    }

    /** A profile file laid over the shipped one, as Spring Boot does (the profile wins). */
    private static QuotegateProperties withProfile(String profile) throws IOException {
        List<PropertySource<?>> sources = new java.util.ArrayList<>();
        FileSystemResource over = new FileSystemResource(Path.of("config", "application-" + profile + ".yml"));
        assertThat(over.exists()).as(over.getPath()).isTrue();
        sources.addAll(new YamlPropertySourceLoader().load(profile, over));
        sources.addAll(new YamlPropertySourceLoader()
                .load("base", new FileSystemResource(Path.of("config", "application.yml"))));
        return new Binder(
                        ConfigurationPropertySources.from(sources),
                        new org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver(
                                sources))
                .bind("quotegate", Bindable.of(QuotegateProperties.class))
                .get();
    }

    @Test
    void onlyTheOverBudgetProfileOvercommitsAndItHasTheFreePlanLimits() throws IOException {
        QuotegateProperties over = withProfile("overbudget");
        assertThat(over.budget().allowOvercommit()).isTrue();
        assertThat(over.providers().get("demo").limits().perMinute()).isEqualTo(8);
        assertThat(over.providers().get("demo").limits().perDay()).isEqualTo(800);
        QuotegateProperties live = withProfile("live");
        assertThat(live.budget().allowOvercommit()).isFalse();
        assertThat(live.providers().get("twelvedata").limits().perDay()).isEqualTo(800);
        assertThat(live.providers().get("marketstack").cost()).isEqualTo("per-symbol");
        assertThat(live.providers().get("marketstack").enabled())
                .as("indices need Marketstack Basic")
                .isFalse();
        assertThat(live.feeds().get("crypto").providers()).startsWith("binance");
    }

    @Test
    void ttlsAndPrioritiesAreThoseOfTheContract() {
        assertThat(shipped.feeds().get("fx").ttl()).isEqualTo(Duration.ofMinutes(30));
        assertThat(shipped.feeds().get("indices").ttl()).isEqualTo(Duration.ofHours(2));
        assertThat(shipped.feeds().get("fx").priority()).isEqualTo(Priority.CRITICAL);
        assertThat(shipped.feeds().get("crypto").priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void scheduleStreamAndBudgetHaveTheirDocumentedValues() {
        assertThat(shipped.schedule().unit()).isEqualTo(SlotUnit.MINUTES);
        assertThat(shipped.schedule().zone().normalized()).isEqualTo(ZoneOffset.UTC);
        assertThat(shipped.stream().heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(shipped.budget().target()).isEqualTo(0.5);
        assertThat(shipped.budget().warnAt()).isEqualTo(0.7);
        assertThat(shipped.budget().degradeAt()).isEqualTo(0.9);
        assertThat(shipped.budget().criticalOnlyAt()).isEqualTo(0.95);
    }

    @Test
    void omittedSectionsTakeTheirDefaults() {
        QuotegateProperties minimal = Configs.valid().bind();

        assertThat(minimal.schedule().unit()).isEqualTo(SlotUnit.MINUTES);
        assertThat(minimal.schedule().zone().getId()).isEqualTo("UTC");
        assertThat(minimal.stream().heartbeat()).isEqualTo(Duration.ofSeconds(15));
        assertThat(minimal.budget().warnAt()).isEqualTo(0.7);
        assertThat(minimal.providers().get("demo").seed()).isEqualTo(42);
        assertThat(minimal.providers().get("demo").timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(minimal.feeds().get("fx").priority()).isEqualTo(Priority.NORMAL);
    }

    @Test
    void secondsModeBindsFromItsLowercaseName() {
        assertThat(Configs.valid()
                        .with("quotegate.schedule.unit", "seconds")
                        .bind()
                        .schedule()
                        .unit())
                .isEqualTo(SlotUnit.SECONDS);
    }
}
