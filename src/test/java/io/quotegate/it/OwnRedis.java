package io.quotegate.it;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on a free loopback port, which the test can stop and start again. Public for
 * the tests of other packages that need a Redis nobody else touches (the shared Capital.com session).
 */
public final class OwnRedis implements AutoCloseable {

    public final int port;
    private Process process;

    public OwnRedis() {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public void start() throws Exception {
        start(new String[0]);
    }

    /** Starts it (again: empty, nothing is persisted) with more arguments, e.g. {@code --replicaof host port}. */
    public void start(String... more) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--save",
                "",
                "--appendonly",
                "no"));
        // Its own directory: a replica's full sync writes an RDB file there, never into the working directory.
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "quotegate-it-redis-" + port));
        command.addAll(java.util.List.of("--dir", dir.toString()));
        command.addAll(java.util.List.of(more));
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "quotegate-it-redis-" + port + ".log"))
                .start();
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(
                "redis-server did not start on port " + port + " (is it installed? .ci/run installs it)");
    }

    /** Kills it (SIGKILL): what a crashed or unplugged Redis looks like. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws Exception {
        kill();
    }
}
