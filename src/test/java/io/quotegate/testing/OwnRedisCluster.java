package io.quotegate.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis Cluster of three masters (no replicas) on free loopback ports, started from {@code redis-server} and
 * {@code redis-cli --cluster create}, each node in a temporary directory of its own; stopped and removed on close.
 */
public final class OwnRedisCluster implements AutoCloseable {

    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> nodes = new ArrayList<>();
    private final Path dir;

    public OwnRedisCluster() throws Exception {
        dir = Files.createTempDirectory("quotegate-redis-cluster");
        try {
            startNodes();
        } catch (Exception | Error e) {
            close(); // nothing of a cluster that did not start is left running
            throw e;
        }
    }

    private void startNodes() throws Exception {
        for (int i = 0; i < 3; i++) {
            int port = freePortWithFreeBus();
            ports.add(port);
            Path home = Files.createDirectories(dir.resolve(Integer.toString(port)));
            nodes.add(new ProcessBuilder(
                            "redis-server",
                            "--bind",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--cluster-enabled",
                            "yes",
                            "--cluster-config-file",
                            home.resolve("nodes.conf").toString(),
                            "--dir",
                            home.toString(),
                            "--save",
                            "",
                            "--appendonly",
                            "no")
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("redis.log").toFile())
                    .start());
        }
        for (int port : ports) {
            awaitPort(port);
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process p = new ProcessBuilder(create)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("create.log").toFile())
                .start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(
                    "redis-cli --cluster create failed: " + Files.readString(dir.resolve("create.log")));
        }
        awaitClusterOk();
    }

    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** A node's URI, as Lettuce's cluster client wants its seeds. */
    public String uri(int i) {
        return "redis://127.0.0.1:" + ports.get(i);
    }

    /**
     * A free port whose cluster bus port (the port plus 10,000, as Redis Cluster takes it) is free too: a port
     * the system hands out can have a bus port that something else holds, and the node then aborts.
     */
    private static int freePortWithFreeBus() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0)) {
                int port = s.getLocalPort();
                if (port + 10_000 > 65_535) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + 10_000)) {
                    return port;
                } catch (IOException busTaken) {
                    // try another
                }
            }
        }
        throw new IllegalStateException("no free port with a free cluster bus port");
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis-server did not start on port " + port);
    }

    private void awaitClusterOk() throws Exception {
        for (int i = 0; i < 100; i++) {
            Process p = new ProcessBuilder("redis-cli", "-p", Integer.toString(ports.get(0)), "cluster", "info")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            if (out.contains("cluster_state:ok")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the cluster did not become ok");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (Process p : nodes) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
