package io.quotegate.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The arrows of the layout (README, "Layout"), enforced. From the bottom up:
 *
 * <pre>
 *   model, logging          the shared vocabulary, and the log's redaction and outages: depend on nothing of ours
 *   config                  -> model
 *   market                  -> config, model      (sessions and holidays; feed, budget and web use it)
 *   cluster                 -> config, model, logging  (distributed mode: Redis link, database, heartbeat)
 *   provider (+ adapters)   -> cluster, config, model, logging  (cluster: the shared sessions; adapters: SPI only)
 *   budget                  -> provider, market, cluster, config, model, logging
 *   cache                   -> cluster, config, model, logging
 *   stream                  -> cache, config, model
 *   feed                    -> budget, market, provider, cache, stream, cluster, config, model, logging
 *   schedule                -> feed, cluster, config, model, logging  (Quartz: translates and delegates)
 *   client                  -> config, model                 (client plans: tiers, limits, usage)
 *   web                     -> everything below               (HTTP: translates and delegates)
 * </pre>
 *
 * A failure names the class and the arrow, e.g. {@code Method <...Refresher.refresh()> calls method
 * <...QuartzScheduling...>}.
 */
class ArchitectureTest {

    private static final String ROOT = "io.quotegate";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);

    /**
     * NullAway checks only {@code @NullMarked} code (it runs with {@code OnlyNullMarked}), and a package's
     * mark does not reach its sub-packages: an unmarked package is silently unchecked (client, cluster
     * and market were, until this rule).
     */
    @Test
    void everyPackageIsNullMarked() {
        com.tngtech.archunit.core.domain.JavaPackage root = MAIN.getPackage(ROOT);
        java.util.List<String> unmarked = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(root), root.getSubpackagesInTree().stream())
                .filter(p -> !p.getClasses().isEmpty())
                .filter(p -> !p.isAnnotatedWith(org.jspecify.annotations.NullMarked.class))
                .map(com.tngtech.archunit.core.domain.JavaPackage::getName)
                .sorted()
                .toList();
        org.assertj.core.api.Assertions.assertThat(unmarked)
                .as("packages without @NullMarked in their package-info")
                .isEmpty();
    }

    @Test
    void noCyclesBetweenTopLevelPackages() {
        slices().matching("io.quotegate.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void noCyclesBetweenProviderAdapters() {
        slices().matching("io.quotegate.provider.(*)..")
                .should()
                .beFreeOfCycles()
                .check(MAIN);
    }

    @Test
    void theSharedVocabularyDependsOnNothingOfOurs() {
        only("model").check(MAIN);
        only("logging").check(MAIN);
    }

    @Test
    void eachPackageDependsOnlyOnTheLayersBelowIt() {
        only("config", "model").check(MAIN);
        only("cluster", "config", "model", "logging").check(MAIN);
        only("provider", "cluster", "config", "model", "logging").check(MAIN);
        only("market", "config", "model").check(MAIN);
        only("budget", "provider", "market", "cluster", "config", "model", "logging")
                .check(MAIN);
        only("cache", "cluster", "config", "model", "logging").check(MAIN);
        only("stream", "cache", "config", "model").check(MAIN);
        // feed does not know stream: the store announces every new version, and the broadcaster listens.
        only("feed", "budget", "market", "provider", "cache", "cluster", "config", "model", "logging")
                .check(MAIN);
        only("schedule", "feed", "cluster", "config", "model", "logging").check(MAIN);
        only("client", "config", "model").check(MAIN);
    }

    @Test
    void webIsOnTopAndScheduleIsAnAdapter() {
        noClasses()
                .that()
                .resideOutsideOfPackage(pkg("web"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(pkg("web"))
                .because("web is the top layer: it translates HTTP and delegates")
                .check(MAIN);
        noClasses()
                .that()
                .resideOutsideOfPackages(pkg("client"), pkg("web"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(pkg("client"))
                .because("client plans are asked by web/ only: nothing below HTTP knows about clients")
                .check(MAIN);
        noClasses()
                .that()
                .resideOutsideOfPackages(pkg("schedule"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(pkg("schedule"))
                .because("schedule is a Quartz adapter: it translates triggers and delegates to feed")
                .check(MAIN);
    }

    @Test
    void webAndScheduleReachAdaptersOnlyThroughTheProviderSpi() {
        noClasses()
                .that()
                .resideInAnyPackage(pkg("web"), pkg("schedule"), pkg("feed"), pkg("budget"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROOT + ".provider.(*)..")
                .because("adapters are discovered by the ProviderRegistry, never named above the SPI")
                .check(MAIN);
    }

    @Test
    void quartzTypesOnlyInSchedule() {
        noClasses()
                .that()
                .resideOutsideOfPackage(pkg("schedule"))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.quartz..")
                .because("Quartz is an adapter detail of schedule/")
                .check(MAIN);
    }

    @Test
    void springWebServerTypesOnlyInWeb() {
        noClasses()
                .that()
                .resideOutsideOfPackage(pkg("web"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework.web.bind..", "org.springframework.web.server..",
                        "org.springframework.http.server..", "org.springframework.web.reactive.result..",
                        "org.springframework.web.reactive.config..",
                                "org.springframework.web.reactive.function.server..")
                .because("the HTTP server is an adapter detail of web/")
                .check(MAIN);
    }

    @Test
    void httpClientTypesOnlyInProvider() {
        noClasses()
                .that()
                .resideOutsideOfPackage(pkg("provider"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("reactor.netty.http.client..", "org.springframework.web.reactive.function.client..")
                .because("upstream HTTP is the provider SPI's business")
                .check(MAIN);
        noClasses()
                .that()
                .resideOutsideOfPackages(pkg("provider"), pkg("web"))
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("reactor.netty..", "io.netty..")
                .because("Netty is the transport of provider/ (client) and web/ (server) only")
                .check(MAIN);
    }

    @Test
    void eachAdapterDependsOnlyOnTheProviderSpiAndTheSharedVocabulary() {
        classes()
                .that()
                .resideInAPackage(ROOT + ".provider.(*)..")
                .should()
                .onlyDependOnClassesThat(not(resideInAPackage(ROOT + ".."))
                        .or(resideInAnyPackage(ROOT + ".provider", pkg("model"), pkg("logging")))
                        .or(sameAdapter()))
                .because("an adapter speaks one dialect through the SPI and nothing else of ours")
                .check(MAIN);
    }

    private static com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass>
            sameAdapter() {
        // Classes of io.quotegate.provider.<p> may use each other; the cycle rule keeps adapters apart.
        return resideInAPackage(ROOT + ".provider.*..");
    }

    /** Classes of {@code top} may depend on their own package tree and the named packages, and nothing else of ours. */
    private static ArchRule only(String top, String... allowed) {
        String[] packages = Arrays.stream(allowed).map(ArchitectureTest::pkg).toArray(String[]::new);
        return classes()
                .that()
                .resideInAPackage(pkg(top))
                .should()
                .onlyDependOnClassesThat(not(resideInAPackage(ROOT + ".."))
                        .or(resideInAPackage(pkg(top)))
                        .or(resideInAnyPackage(packages)))
                .as("classes of " + top + "/ depend only on "
                        + (allowed.length == 0 ? "nothing of ours" : String.join(", ", allowed)));
    }

    private static String pkg(String top) {
        return ROOT + "." + top + "..";
    }
}
