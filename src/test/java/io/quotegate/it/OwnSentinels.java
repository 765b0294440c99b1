package io.quotegate.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Redis behind Sentinel on loopback, all the test's own processes: a primary, a replica of it, and three
 * {@code redis-sentinel}s watching them as master {@link #MASTER} (quorum 2, a node counts as down after 1 s unless
 * told otherwise).
 */
final class OwnSentinels implements AutoCloseable {

    static final String MASTER = "qg";

    final OwnRedis primary = new OwnRedis();
    final OwnRedis replica = new OwnRedis();
    /** The node that is not the primary now (after a fail-over, the old primary once it is back). */
    OwnRedis other(int primaryPort) {
        return primary.port == primaryPort ? replica : primary;
    }

    /** The node that is the primary now. */
    OwnRedis current(int primaryPort) {
        return primary.port == primaryPort ? primary : replica;
    }

    private final List<Integer> sentinelPorts = new ArrayList<>();
    private final List<Process> sentinels = new ArrayList<>();
    private final Path dir;

    OwnSentinels() throws Exception {
        this(1000);
    }

    /**
     * @param downAfterMillis how long a node must not answer before the Sentinels count it as down
     */
    OwnSentinels(int downAfterMillis) throws Exception {
        dir = Files.createTempDirectory("quotegate-sentinels");
        try {
            start(downAfterMillis);
        } catch (Exception | Error e) {
            close(); // what did start (a Redis, a Sentinel) stops with it: no test leaves processes behind
            throw e;
        }
    }

    private void start(int downAfterMillis) throws Exception {
        primary.start();
        replica.start("--replicaof", "127.0.0.1", Integer.toString(primary.port));
        for (int i = 0; i < 3; i++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path conf = dir.resolve("sentinel-" + port + ".conf");
            Files.writeString(
                    conf,
                    String.join(
                            "\n",
                            "port " + port,
                            "bind 127.0.0.1",
                            "dir " + dir,
                            "sentinel monitor " + MASTER + " 127.0.0.1 " + primary.port + " 2",
                            "sentinel down-after-milliseconds " + MASTER + " " + downAfterMillis,
                            "sentinel failover-timeout " + MASTER + " 5000",
                            "sentinel parallel-syncs " + MASTER + " 1",
                            ""));
            sentinels.add(new ProcessBuilder("redis-sentinel", conf.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sentinel-" + port + ".log").toFile())
                    .start());
            sentinelPorts.add(port);
            awaitPort(port);
        }
    }

    /** {@code spring.data.redis.sentinel.nodes}. */
    String nodes() {
        return String.join(
                ",", sentinelPorts.stream().map(p -> "127.0.0.1:" + p).toList());
    }

    /** The port of the node the Sentinels name as primary now. */
    int primaryPort() throws Exception {
        Process p = new ProcessBuilder(
                        "redis-cli",
                        "-p",
                        Integer.toString(sentinelPorts.get(0)),
                        "sentinel",
                        "get-master-addr-by-name",
                        MASTER)
                .redirectErrorStream(true)
                .start();
        String[] out = new String(p.getInputStream().readAllBytes()).trim().split("\\s+");
        p.waitFor();
        return Integer.parseInt(out[out.length - 1]);
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-sentinel did not start on port " + port
                + " (is it installed? .ci/run installs Debian's redis-sentinel)");
    }

    @Override
    public void close() throws Exception {
        for (Process s : sentinels) {
            s.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        primary.close();
        replica.close();
    }
}
