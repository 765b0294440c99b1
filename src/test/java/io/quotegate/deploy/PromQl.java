package io.quotegate.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL the dashboards and alert rules ask, and the metric names in it: a small tokenizer with
 * an explicit list of PromQL functions, aggregations and keywords (an unknown function is an error,
 * so a new one is added here on purpose, not mistaken for a metric).
 */
public final class PromQl {

    public static final Path DASHBOARDS = Path.of("grafana/dashboards");
    public static final Path RULES = Path.of("grafana/alerts/quotegate-rules.yml");

    static final Set<String> AGGREGATIONS = Set.of(
            "sum",
            "min",
            "max",
            "avg",
            "group",
            "stddev",
            "stdvar",
            "count",
            "count_values",
            "bottomk",
            "topk",
            "quantile",
            "limitk",
            "limit_ratio");

    static final Set<String> FUNCTIONS = Set.of(
            "abs",
            "absent",
            "absent_over_time",
            "acos",
            "acosh",
            "asin",
            "asinh",
            "atan",
            "atanh",
            "avg_over_time",
            "ceil",
            "changes",
            "clamp",
            "clamp_max",
            "clamp_min",
            "cos",
            "cosh",
            "count_over_time",
            "day_of_month",
            "day_of_week",
            "day_of_year",
            "days_in_month",
            "deg",
            "delta",
            "deriv",
            "exp",
            "floor",
            "histogram_avg",
            "histogram_count",
            "histogram_fraction",
            "histogram_quantile",
            "histogram_stddev",
            "histogram_stdvar",
            "histogram_sum",
            "holt_winters",
            "double_exponential_smoothing",
            "hour",
            "idelta",
            "increase",
            "irate",
            "label_join",
            "label_replace",
            "last_over_time",
            "ln",
            "log10",
            "log2",
            "mad_over_time",
            "max_over_time",
            "min_over_time",
            "minute",
            "month",
            "pi",
            "predict_linear",
            "present_over_time",
            "quantile_over_time",
            "rad",
            "rate",
            "resets",
            "round",
            "scalar",
            "sgn",
            "sin",
            "sinh",
            "sort",
            "sort_by_label",
            "sort_by_label_desc",
            "sort_desc",
            "sqrt",
            "stddev_over_time",
            "stdvar_over_time",
            "sum_over_time",
            "tan",
            "tanh",
            "time",
            "timestamp",
            "vector",
            "year",
            // Grafana's template functions, in case a query uses them
            "label_values",
            "query_result");

    /** Keywords and modifiers that are never metric names. */
    static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "offset",
            "bool",
            "and",
            "or",
            "unless",
            "atan2",
            "inf",
            "nan",
            "start",
            "end");

    /** Histogram and summary series suffixes, so a name can be compared with its family. */
    static final Pattern SERIES_SUFFIX = Pattern.compile("_(bucket|count|sum|max|total|created)$");

    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern TOKEN =
            Pattern.compile("\\$\\{?\\w+}?|[0-9][0-9a-zA-Z_.]*|[a-zA-Z_:][a-zA-Z0-9_:]*|\\S");

    private PromQl() {}

    /** The metric names one PromQL expression selects. */
    public static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGE.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            String t = m.group();
            if (!Character.isLetter(t.charAt(0)) && t.charAt(0) != '_' && t.charAt(0) != ':') {
                continue; // numbers, durations, operators, Grafana $variables
            }
            String lower = t.toLowerCase(java.util.Locale.ROOT);
            boolean call = s.substring(m.end()).stripLeading().startsWith("(");
            if (AGGREGATIONS.contains(lower) || KEYWORDS.contains(lower)) {
                continue;
            }
            if (FUNCTIONS.contains(t)) {
                if (!call) {
                    throw new IllegalArgumentException("function " + t + " used without arguments in: " + expr);
                }
                continue;
            }
            if (call) {
                throw new IllegalArgumentException(
                        "unknown PromQL function " + t + " (add it to PromQl.FUNCTIONS) in: " + expr);
            }
            names.add(t);
        }
        return names;
    }

    /** The series family a name belongs to: {@code x_bucket}, {@code x_count}, {@code x_sum}, {@code x_max} are all {@code x}. */
    public static String family(String name) {
        return SERIES_SUFFIX.matcher(name).replaceFirst("");
    }

    /** Every target expression of every dashboard, keyed by "file: panel title #refId". */
    public static Map<String, String> dashboardExprs() {
        Map<String, String> exprs = new LinkedHashMap<>();
        for (Path file : dashboardFiles()) {
            for (JsonNode panel : panels(dashboard(file))) {
                for (JsonNode target : panel.path("targets")) {
                    exprs.put(
                            file.getFileName() + ": " + panel.path("title").asString() + " #"
                                    + target.path("refId").asString(),
                            target.path("expr").asString());
                }
            }
        }
        return exprs;
    }

    /** Every alerting or recording rule expression, keyed by its name. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> ruleExprs() {
        Map<String, String> exprs = new LinkedHashMap<>();
        Map<String, Object> doc = read(RULES);
        for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                Object name = rule.containsKey("alert") ? rule.get("alert") : rule.get("record");
                exprs.put(String.valueOf(name), String.valueOf(rule.get("expr")));
            }
        }
        return exprs;
    }

    public static List<Path> dashboardFiles() {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(DASHBOARDS, "*.json")) {
            dir.forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    public static JsonNode dashboard(Path file) {
        try {
            return JsonMapper.builder().build().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The panels that show data: top-level and inside collapsed rows, rows themselves left out. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode p : dashboard.path("panels")) {
            if ("row".equals(p.path("type").asString())) {
                p.path("panels").forEach(panels::add);
            } else {
                panels.add(p);
            }
        }
        return panels;
    }

    /** A dashboard expression as Prometheus can run it: Grafana's variables replaced by plain values. */
    public static String runnable(String expr, String rateInterval) {
        return expr.replace("$__rate_interval", rateInterval)
                .replace("${__rate_interval}", rateInterval)
                .replace("$__interval", rateInterval)
                .replace("$instance", ".*")
                .replace("${instance}", ".*")
                .replace("$feed", ".*")
                .replace("${feed}", ".*");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path yaml) {
        try {
            return (Map<String, Object>)
                    new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(yaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
