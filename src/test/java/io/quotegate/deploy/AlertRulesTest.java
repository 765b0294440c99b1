package io.quotegate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The alert rules pass {@code promtool check rules} and their unit tests ({@code promtool test rules}),
 * and the dashboards are valid, provisionable JSON whose every panel queries something. Which metric
 * names they query is checked against a live scrape by {@code io.quotegate.it.MetricNamesIT}.
 */
class AlertRulesTest {

    static final Path RULE_TESTS = Path.of("grafana/alerts/quotegate-rules.test.yml");

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        String promtool = promtool();
        run(promtool, "check", "rules", PromQl.RULES.toString());
    }

    @Test
    void rulesPassTheirUnitTests() throws Exception {
        String promtool = promtool();
        run(promtool, "test", "rules", RULE_TESTS.toString());
    }

    @Test
    void everyAlertHasAUnitTestThatExpectsItToFire() throws IOException {
        String tests = Files.readString(RULE_TESTS);
        for (String alert : PromQl.ruleExprs().keySet()) {
            assertThat(tests).as("a promtool test for " + alert).contains("alertname: " + alert);
        }
        assertThat(tests.split("exp_labels:", -1).length - 1)
                .as("firing expectations")
                .isGreaterThanOrEqualTo(PromQl.ruleExprs().size());
    }

    /**
     * Feeds are whatever {@code quotegate.feeds} configures (five shipped, any number run): no rule and no panel
     * may name one, and the dashboard's feed filter lists the feeds the scrape has.
     */
    @Test
    void dashboardsAndRulesFollowTheConfiguredFeeds() throws IOException {
        java.util.regex.Pattern literalFeed = java.util.regex.Pattern.compile("feed\\s*(=|!=|=~|!~)\\s*\\\\?\"(?!\\$)");
        String rules = Files.readString(PromQl.RULES);
        assertThat(literalFeed.matcher(rules).find()).as("a rule naming a feed").isFalse();
        for (Path file : PromQl.dashboardFiles()) {
            String text = Files.readString(file);
            assertThat(literalFeed.matcher(text).find())
                    .as(file + ": a panel naming a feed")
                    .isFalse();
            boolean feedVariable = false;
            for (JsonNode v : PromQl.dashboard(file).path("templating").path("list")) {
                feedVariable |= "feed".equals(v.path("name").asString())
                        && v.path("query").path("query").asString().startsWith("label_values(")
                        && v.path("query").path("query").asString().endsWith(", feed)");
            }
            assertThat(feedVariable)
                    .as(file + ": a feed variable from the scrape's feed labels")
                    .isTrue();
        }
    }

    @Test
    void dashboardsAreProvisionableAndEveryPanelQueries() {
        List<Path> files = PromQl.dashboardFiles();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            JsonNode d = PromQl.dashboard(file);
            assertThat(d.path("uid").asString()).as(file + " uid").isNotBlank();
            assertThat(d.path("title").asString()).as(file + " title").isNotBlank();
            // Provisioned from a file, a dashboard cannot ask for ${DS_...} inputs: it picks its datasource by a
            // variable.
            JsonNode vars = d.path("templating").path("list");
            boolean hasDatasourceVar = false;
            for (JsonNode v : vars) {
                hasDatasourceVar |= "datasource".equals(v.path("type").asString())
                        && "prometheus".equals(v.path("query").asString());
            }
            assertThat(hasDatasourceVar)
                    .as(file + " has a prometheus datasource variable")
                    .isTrue();
            List<JsonNode> panels = PromQl.panels(d);
            assertThat(panels).as(file + " panels").isNotEmpty();
            List<String> problems = new ArrayList<>();
            for (JsonNode p : panels) {
                String title = p.path("title").asString();
                if (title.isBlank()) {
                    problems.add("a panel without a title (id " + p.path("id") + ")");
                }
                if (!p.path("targets").isArray() || p.path("targets").isEmpty()) {
                    problems.add(title + ": no targets");
                }
                for (JsonNode t : p.path("targets")) {
                    String expr = t.path("expr").asString();
                    if (expr.isBlank()) {
                        problems.add(title + " #" + t.path("refId").asString() + ": no expr");
                    } else if (PromQl.metricNames(expr).isEmpty()) {
                        problems.add(title + " #" + t.path("refId").asString() + ": queries no metric: " + expr);
                    }
                    String ds = t.path("datasource")
                            .path("uid")
                            .asString(p.path("datasource").path("uid").asString());
                    if (!ds.equals("${datasource}")) {
                        problems.add(title + ": datasource " + ds + " instead of ${datasource}");
                    }
                }
            }
            assertThat(problems).as(file.toString()).isEmpty();
        }
    }

    @Test
    void theTokenizerFindsMetricsAndOnlyMetrics() {
        assertThat(PromQl.metricNames(
                        "sum by (provider, outcome) (rate(quotegate_upstream_requests_total{instance=~\"$instance\"}"
                                + "[$__rate_interval])) * 60"))
                .containsExactly("quotegate_upstream_requests_total");
        assertThat(PromQl.metricNames("(a_used{window=~\"day|month\"} / on (x) group_left b_limit offset 5m > 0.9) "
                        + "unless on (instance, feed) (c_open == 0) and d:recorded:rate5m > bool 1e3"))
                .containsExactly("a_used", "b_limit", "c_open", "d:recorded:rate5m");
        assertThat(PromQl.metricNames("histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))"))
                .containsExactly("x_bucket");
        assertThat(PromQl.metricNames("max by (feed) (v) != min by (feed) (v)")).containsExactly("v");
        assertThatThrownBy(() -> PromQl.metricNames("rates(x[5m])"))
                .hasMessageContaining("unknown PromQL function rates");
        assertThat(PromQl.family("quotegate_refresh_duration_seconds_count"))
                .isEqualTo("quotegate_refresh_duration_seconds");
        assertThat(PromQl.family("x_bucket")).isEqualTo("x");
    }

    @Test
    void everyRuleQueriesAMetric() {
        Map<String, String> rules = PromQl.ruleExprs();
        assertThat(rules).isNotEmpty();
        rules.forEach(
                (name, expr) -> assertThat(PromQl.metricNames(expr)).as(name).isNotEmpty());
    }

    static String promtool() {
        Optional<String> p = which("promtool");
        assumeTrue(
                p.isPresent(),
                "promtool is not installed (Debian package prometheus): rule checks skipped; CI installs it");
        return p.get();
    }

    static Optional<String> which(String name) {
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/bin" : path).split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p.toString());
            }
        }
        return Optional.empty();
    }

    static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as(String.join(" ", command) + " finished")
                .isTrue();
        assertThat(p.exitValue())
                .as(String.join(" ", command) + " exited non-zero:\n" + out)
                .isZero();
    }
}
