package io.quotegate.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on a free loopback port in front of a server, which a test can cut (every connection closed, new ones
 * refused, as when a server is stopped or unplugged) and restore, or slow down (each direction's bytes held for a
 * while, as on a slow network). Bytes held when their sender goes away are dropped: a request from a process killed
 * before its bytes got through never reaches the server.
 */
final class TcpProxy implements AutoCloseable {

    private final String host;
    private final int target;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile long upMillis;
    private volatile long downMillis;
    private volatile boolean closed;

    TcpProxy(String host, int target) {
        this.host = host;
        this.target = target;
        try {
            this.server = listen(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.port = server.getLocalPort();
        accept(server);
    }

    int port() {
        return port;
    }

    /** Holds every chunk from client to server for {@code up}, and from server to client for {@code down}. */
    void delay(Duration up, Duration down) {
        upMillis = up.toMillis();
        downMillis = down.toMillis();
    }

    /** Closes every connection and refuses new ones until {@link #restore}. */
    synchronized void cut() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    synchronized void restore() throws IOException {
        if (server.isClosed()) {
            server = listen(port);
            accept(server);
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return s;
    }

    private void accept(ServerSocket on) {
        Thread t = new Thread(
                () -> {
                    while (!on.isClosed() && !closed) {
                        try {
                            Socket client = on.accept();
                            Socket upstream = new Socket(host, target);
                            client.setTcpNoDelay(true);
                            upstream.setTcpNoDelay(true);
                            open.add(client);
                            open.add(upstream);
                            pipe(client, upstream, true);
                            pipe(upstream, client, false);
                        } catch (IOException e) {
                            // closed by cut(), or the target refused: the client sees its connection fail
                        }
                    }
                },
                "tcp-proxy-" + port);
        t.setDaemon(true);
        t.start();
    }

    /** One direction: a reader queues each chunk with the time it may leave, a writer sends it then. */
    private void pipe(Socket from, Socket to, boolean up) {
        DelayQueue<Chunk> queue = new DelayQueue<>();
        Thread reader = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    long last = 0;
                    try (InputStream in = from.getInputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            long hold = up ? upMillis : downMillis;
                            last = System.nanoTime() + hold * 1_000_000;
                            queue.put(new Chunk(last, Arrays.copyOf(buffer, n)));
                        }
                    } catch (IOException e) {
                        // the sender went away
                    }
                    if (up) {
                        // The client went away (closed, or its process was killed): what it sent and is still held
                        // never reaches the server.
                        queue.clear();
                        last = 0;
                    }
                    queue.put(new Chunk(last + 1, null));
                },
                "tcp-proxy-read-" + port);
        Thread writer = new Thread(
                () -> {
                    try (OutputStream out = to.getOutputStream()) {
                        while (true) {
                            Chunk c = queue.take();
                            if (c.bytes == null) {
                                break;
                            }
                            out.write(c.bytes);
                            out.flush();
                        }
                    } catch (IOException | InterruptedException e) {
                        // the receiver went away
                    }
                    close(from);
                    close(to);
                },
                "tcp-proxy-write-" + port);
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    private void close(Socket s) {
        open.remove(s);
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private record Chunk(long dueNanos, byte[] bytes) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Chunk) o).dueNanos);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
    }
}
