package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quotegate.QuotegateApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** Bad configuration fails the start with a message that names the key and the numbers. */
class StartupChecksIT {

    /** Starts the application with command-line overrides (they win over config/application.yml). */
    private static void start(String... overrides) {
        String[] args = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(
                                "--quotegate.schedule.enabled=false", "--quotegate.data-dir=target/startup-checks"),
                        java.util.Arrays.stream(overrides).map(o -> "--" + o))
                .toArray(String[]::new);
        new SpringApplicationBuilder(QuotegateApplication.class)
                .web(WebApplicationType.NONE)
                .run(args)
                .close();
    }

    private static Throwable root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    @Test
    void aPlanOverAProviderLimitRefusesToStartNamingProviderFeedsAndNumbers() {
        // The over-budget demo (Twelve Data's free limits, no stretching) without its escape hatch.
        assertThatThrownBy(() -> start("spring.profiles.active=overbudget", "quotegate.budget.allow-overcommit=false"))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(root(e).getMessage())
                        .contains(
                                "quotegate.budget.allow-overcommit", "demo", "fx", "indices", "stocks", "2304", "800"));
    }

    @Test
    void theDefaultPlanStartsWithoutOvercommit() {
        start("quotegate.budget.allow-overcommit=false");
    }

    @Test
    void aBadMarketZoneNamesItsKey() {
        assertThatThrownBy(() -> start("quotegate.markets.definitions.NYSE.zone=Mars/Olympus"))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(root(e).getMessage())
                        .contains("quotegate.markets.definitions.NYSE.zone", "Mars/Olympus"));
    }

    @Test
    void aSlotOutsideTheHourNamesItsKey() {
        assertThatThrownBy(() -> start("quotegate.feeds.fx.slots=0,61"))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(root(e).getMessage())
                        .contains("quotegate.feeds.fx.slots[1]", "61"));
    }

    @Test
    void aChainNamingAnUnconfiguredProviderNamesItsKey() {
        assertThatThrownBy(() -> start("quotegate.feeds.crypto.providers[0]=kraken"))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(root(e).getMessage())
                        .contains("quotegate.feeds.crypto.providers[0]", "kraken"));
    }
}
