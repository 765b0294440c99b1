package io.quotegate.budget;

import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.cache.CaffeineSnapshotStore;
import io.quotegate.cache.RedisSnapshotStore;
import io.quotegate.cluster.RedisLink;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.Snapshot;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.io.File;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.json.JsonMapper;

/**
 * Prints (never asserts) what a ledger decision costs: in memory, and on Redis over loopback with the
 * number of Redis commands per decision from {@code INFO commandstats}; then how long a new snapshot
 * takes to reach another replica's local copy. Run by {@code bench/ledger-redis.sh}; uses a redis-server of its own
 * on a free port when one is installed (so other users of Redis do not blur the command counts).
 */
public final class LedgerBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Process own = null;
        String url = "redis://127.0.0.1:6379";
        try {
            int port = freePort();
            own = new ProcessBuilder(
                            "redis-server",
                            "--bind",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--save",
                            "",
                            "--appendonly",
                            "no")
                    .redirectErrorStream(true)
                    .redirectOutput(new File("/dev/null"))
                    .start();
            waitFor(port);
            url = "redis://127.0.0.1:" + port;
        } catch (Exception e) {
            System.out.println(
                    "(no redis-server of its own: using " + url + "; command counts may include other clients)");
            own = null;
        }
        try {
            memory(n * 10);
            redis(url, n);
            propagation(url, Math.max(200, n / 20));
        } finally {
            if (own != null) {
                own.destroyForcibly();
            }
        }
        System.exit(0);
    }

    static Map<String, Budget> budgets() {
        return Map.of(
                "p",
                new Budget(
                        "p",
                        CostModel.parse("per-call"),
                        Map.of(Window.DAY, 1_000_000_000, Window.MONTH, 2_000_000_000)));
    }

    static final Shares SHARES = new Shares(Map.of("fx", 0.5, "crypto", 0.5), Map.of("fx", 8, "crypto", 8));

    static void memory(int n) {
        MemoryLedger ledger = new MemoryLedger(
                budgets(),
                Map.of("p", SHARES),
                Thresholds.defaults(),
                Clock.systemUTC(),
                TimeScale.of(SlotUnit.MINUTES),
                LedgerStore.NONE);
        Spend spend = new Spend("p", "fx", Priority.CRITICAL, 1, io.quotegate.model.Purpose.SLOT);
        for (int i = 0; i < n / 2; i++) {
            ledger.decide(spend); // warm-up
        }
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            ledger.decide(spend);
            ns[i] = System.nanoTime() - t;
        }
        print("MemoryLedger decision (in process, no record written)", ns);
    }

    static void redis(String url, int n) throws Exception {
        RedisLink link = new RedisLink(RedisURI.create(url), "bench-" + UUID.randomUUID()).connectNow();
        RedisLedger ledger = new RedisLedger(
                budgets(),
                Map.of("p", SHARES),
                Thresholds.defaults(),
                Clock.systemUTC(),
                TimeScale.of(SlotUnit.MINUTES),
                link,
                () -> 1);
        Spend spend = new Spend("p", "fx", Priority.CRITICAL, 1, io.quotegate.model.Purpose.SLOT);
        for (int i = 0; i < 2_000; i++) {
            ledger.reserve(spend).block();
        }
        link.text().sync().configResetstat();
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            ledger.reserve(spend).block();
            ns[i] = System.nanoTime() - t;
        }
        String stats = link.text().sync().info("commandstats");
        long commands = 0;
        StringBuilder which = new StringBuilder();
        for (String line : stats.split("\r?\n")) {
            if (line.startsWith("cmdstat_") && !line.startsWith("cmdstat_info") && !line.startsWith("cmdstat_config")) {
                long calls = Long.parseLong(line.replaceAll("^[^:]+:calls=(\\d+).*", "$1"));
                if (line.startsWith("cmdstat_eval")) {
                    commands += calls; // what the client sent; the rest ran inside the script, on the server
                }
                which.append(' ')
                        .append(line, "cmdstat_".length(), line.indexOf(':'))
                        .append('=')
                        .append(calls);
            }
        }
        print("RedisLedger decision (Lua over loopback, incl. Reactor hop)", ns);
        System.out.printf(
                "  round trips (EVALSHA/EVAL sent) per decision: %.3f  (INFO commandstats over %d decisions,"
                        + " script-internal commands included:%s)%n",
                (double) commands / n, n, which);
        link.close();
    }

    static void propagation(String url, int n) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        Map<String, Duration> ttl = Map.of("fx", Duration.ofMinutes(30));
        String prefix = "bench-" + UUID.randomUUID();
        RedisLink la = new RedisLink(RedisURI.create(url), prefix).connectNow();
        RedisLink lb = new RedisLink(RedisURI.create(url), prefix).connectNow();
        RedisSnapshotStore a = new RedisSnapshotStore(
                new CaffeineSnapshotStore(ttl, Clock.systemUTC(), json, new SimpleMeterRegistry()),
                la,
                ttl,
                Clock.systemUTC(),
                json);
        RedisSnapshotStore b = new RedisSnapshotStore(
                new CaffeineSnapshotStore(ttl, Clock.systemUTC(), json, new SimpleMeterRegistry()),
                lb,
                ttl,
                Clock.systemUTC(),
                json);
        BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(16);
        b.onVersion(c -> arrivals.add(System.nanoTime()));
        Thread.sleep(500);
        List<Quote> quotes = new ArrayList<>();
        for (String s :
                List.of("EUR/USD", "GBP/USD", "USD/JPY", "USD/CHF", "AUD/USD", "USD/CAD", "NZD/USD", "EUR/GBP")) {
            quotes.add(Quote.of(
                    s,
                    new BigDecimal("1.08731"),
                    new BigDecimal("0.0012"),
                    new BigDecimal("0.11"),
                    Instant.now(),
                    "bench"));
        }
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            Snapshot s = new Snapshot("fx", i + 1, Instant.now(), false, "bench", quotes);
            long t = System.nanoTime();
            a.put(s);
            Long arrived = arrivals.poll(5, TimeUnit.SECONDS);
            if (arrived == null) {
                throw new IllegalStateException("version " + (i + 1) + " never reached the other replica");
            }
            ns[i] = arrived - t;
        }
        print(
                "Snapshot propagation (put on replica A -> in replica B's local copy)",
                Arrays.copyOfRange(ns, n / 10, n));
        la.close();
        lb.close();
    }

    static void print(String what, long[] ns) {
        long[] s = ns.clone();
        Arrays.sort(s);
        System.out.printf(
                "%s: n=%d  p50 %.1f us  p99 %.1f us  max %.1f us%n",
                what, s.length, s[s.length / 2] / 1e3, s[(int) (s.length * 0.99)] / 1e3, s[s.length - 1] / 1e3);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void waitFor(int port) throws Exception {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (Exception notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not start");
    }
}
