package io.quotegate.it;

import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.QuotegateApplication;
import io.quotegate.testing.TestPostgres;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several replicas of the service in one JVM, in distributed mode on the local Redis and PostgreSQL
 * (database {@code quotegate_test}, created when missing). Every run has its own cluster name, so its
 * Redis keys and its Quartz scheduler rows are its own.
 */
final class Replicas implements AutoCloseable {

    final String cluster = "qgit-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final List<ConfigurableApplicationContext> running = new ArrayList<>();

    Replicas(Map<String, Object> extra) {
        properties.put("server.port", "0");
        properties.put("management.server.port", ""); // the actuator on each replica's own port
        properties.put("quotegate.markets.always-open", "true"); // a model weekend must not pause the cluster
        properties.put(
                "quotegate.providers.marketstack.enabled",
                "true"); // live indices need Marketstack Basic: the fake has it
        // The cluster tests watch several slots of every feed: fx keeps both of its slots (the live plan
        // makes it hourly to fit Twelve Data's free day).
        properties.put("quotegate.feeds.fx.slots", "0,30");
        // ... and indices keep every slot: with Basic's 10,000 a month the planner would stretch them.
        properties.put("quotegate.providers.marketstack.limits.per-month", "100000");
        // ... and so do commodities: a day of 800 credits at the 50 % target would stretch them to every 2nd slot.
        properties.put("quotegate.providers.twelvedata.limits.per-day", "100000");
        properties.put("quotegate.mode", "distributed");
        properties.put("quotegate.cluster.name", cluster);
        properties.put("quotegate.cluster.heartbeat", "300ms");
        properties.put(
                "spring.data.redis.url",
                System.getenv().getOrDefault("QUOTEGATE_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
        properties.put("spring.datasource.url", TestPostgres.base() + TestPostgres.DATABASE);
        properties.put("spring.datasource.username", "postgres");
        properties.put("spring.lifecycle.timeout-per-shutdown-phase", "1s");
        properties.putAll(extra);
        TestPostgres.createDatabase();
    }

    ConfigurableApplicationContext start(String name, Map<String, Object> more) {
        Map<String, Object> p = new LinkedHashMap<>(properties);
        p.put("quotegate.data-dir", System.getProperty("java.io.tmpdir") + "/quotegate-it/" + cluster + "-" + name);
        p.putAll(more);
        // As arguments: they must win over config/application.yml, as they would on a command line.
        String[] args = p.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext c = new SpringApplicationBuilder(QuotegateApplication.class).run(args);
        running.add(c);
        return c;
    }

    /** A replica in a JVM of its own (same class path, same working directory), so it can be killed like a process. */
    record External(String name, Process process, int port) {
        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    External startProcess(String name) throws java.io.IOException {
        return startProcess(name, Map.of());
    }

    External startProcess(String name, Map<String, Object> more) throws java.io.IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, Object> p = new LinkedHashMap<>(properties);
        p.putAll(more);
        p.put("server.port", Integer.toString(port));
        p.put("quotegate.data-dir", System.getProperty("java.io.tmpdir") + "/quotegate-it/" + cluster + "-" + name);
        List<String> command = new ArrayList<>(List.of(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                QuotegateApplication.class.getName()));
        p.forEach((k, v) -> command.add("--" + k + "=" + v));
        java.io.File log = new java.io.File("target", "cluster-it-" + cluster + "-" + name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        External e = new External(name, process, port);
        externals.add(e);
        return e;
    }

    private final List<External> externals = new ArrayList<>();

    static int port(ConfigurableApplicationContext c) {
        return ((WebServerApplicationContext) c).getWebServer().getPort();
    }

    static double upstreamRequests(ConfigurableApplicationContext c) {
        return c.getBean(MeterRegistry.class).find("quotegate.upstream.requests").counters().stream()
                .mapToDouble(x -> x.count())
                .sum();
    }

    void stop(ConfigurableApplicationContext c) {
        running.remove(c);
        c.close();
    }

    @Override
    public void close() {
        externals.forEach(e -> e.process().destroyForcibly());
        running.forEach(ConfigurableApplicationContext::close);
        running.clear();
    }
}
