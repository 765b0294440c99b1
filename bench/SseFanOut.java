import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSE fan-out benchmark client: N connections to one feed's stream over plain NIO on one thread (a few
 * hundred bytes per connection here, so the client does not crowd the server), then:
 *
 * <ol>
 *   <li>waits until every connection has its {@code snapshot} event, and reports the server's RSS and
 *       heap (after a GC) against the figures before connecting: memory per idle subscriber;</li>
 *   <li>waits for the next {@code update} event on every connection and reports p50 / p99 / max of its
 *       arrival minus the snapshot's {@code asOf} (set by the refresher just before the store), plus
 *       the spread from the first arrival;</li>
 *   <li>with {@code hold > 0}, keeps the connections for that many seconds and reports how many saw a
 *       heartbeat and how many were closed.</li>
 * </ol>
 *
 * Run by {@code bench/sse-fanout.sh}; by hand: {@code java bench/SseFanOut.java PORT FEED N SERVER_PID [HOLD_S]}.
 * Connections use source addresses 127.0.0.1 to 127.0.0.8 so that 50k of them fit the ephemeral ports.
 * Loopback only; every phase is bounded in time.
 */
public class SseFanOut {

    static final Pattern AS_OF = Pattern.compile("\"asOf\":\"([^\"]+)\"");
    static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

    static final class Conn {
        final SocketChannel ch;
        final StringBuilder pending = new StringBuilder();
        boolean requested;
        boolean snapshot;
        long updateArrivalMicros = -1;
        long updateAsOfMicros;
        long updateVersion;
        int heartbeats;
        boolean closed;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String feed = args[1];
        int n = Integer.parseInt(args[2]);
        long serverPid = Long.parseLong(args[3]);
        int hold = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        byte[] request = ("GET /" + feed + "/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

        Memory before = Memory.of(serverPid, port);
        System.out.printf("server before: RSS %.1f MiB, heap %.1f MiB%n", before.rss / 1048576.0, before.heap / 1048576.0);

        Selector selector = Selector.open();
        List<Conn> conns = new ArrayList<>(n);
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16);
        long t0 = System.nanoTime();
        int opened = 0;
        int inFlight = 0;
        int snapshots = 0;
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (snapshots < n && System.nanoTime() < deadline) {
            while (opened < n && inFlight < 512) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
                ch.bind(new InetSocketAddress("127.0.0." + (1 + opened % 8), 0));
                ch.connect(new InetSocketAddress("127.0.0.1", port));
                Conn c = new Conn(ch);
                conns.add(c);
                ch.register(selector, SelectionKey.OP_CONNECT, c);
                opened++;
                inFlight++;
            }
            selector.select(100);
            long now = micros(Instant.now());   // arrival = when the kernel had it for us, not when we parsed it
            for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                Conn c = (Conn) key.attachment();
                if (key.isValid() && key.isConnectable()) {
                    try {
                        c.ch.finishConnect();
                        c.ch.write(ByteBuffer.wrap(request));
                        c.requested = true;
                        key.interestOps(SelectionKey.OP_READ);
                    } catch (IOException e) {
                        c.closed = true;
                        key.cancel();
                        inFlight--;
                    }
                } else if (key.isValid() && key.isReadable()) {
                    boolean had = c.snapshot;
                    read(c, key, buf, now);
                    if (!had && c.snapshot) {
                        snapshots++;
                        inFlight--;
                    }
                }
            }
        }
        System.out.printf("connected %d of %d with their snapshot in %.1f s%n", snapshots, n, (System.nanoTime() - t0) / 1e9);

        Memory idle = Memory.of(serverPid, port);
        System.out.printf("server with %d idle subscribers: RSS %.1f MiB, heap %.1f MiB%n", snapshots, idle.rss / 1048576.0, idle.heap / 1048576.0);
        System.out.printf("per subscriber: RSS %.1f KiB, heap %.1f KiB%n",
                (idle.rss - before.rss) / 1024.0 / Math.max(1, snapshots), (idle.heap - before.heap) / 1024.0 / Math.max(1, snapshots));

        // Wait for one update on every open connection.
        deadline = System.nanoTime() + 75_000_000_000L;
        int updated = 0;
        while (updated < snapshots && System.nanoTime() < deadline) {
            selector.select(100);
            long now = micros(Instant.now());   // arrival = when the kernel had it for us, not when we parsed it
            for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                Conn c = (Conn) key.attachment();
                if (key.isValid() && key.isReadable()) {
                    boolean had = c.updateArrivalMicros >= 0;
                    read(c, key, buf, now);
                    if (!had && c.updateArrivalMicros >= 0) {
                        updated++;
                    }
                }
            }
        }
        long[] lat = conns.stream().filter(c -> c.updateArrivalMicros >= 0)
                .mapToLong(c -> c.updateArrivalMicros - c.updateAsOfMicros).sorted().toArray();
        // Connections made while a slot fired got a later version first; the spread is over the most common one.
        long common = conns.stream().filter(c -> c.updateArrivalMicros >= 0)
                .collect(java.util.stream.Collectors.groupingBy(c -> c.updateVersion, java.util.stream.Collectors.counting()))
                .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey).orElse(0L);
        long firstArrival = conns.stream().filter(c -> c.updateArrivalMicros >= 0 && c.updateVersion == common)
                .mapToLong(c -> c.updateArrivalMicros).min().orElse(0);
        long[] spread = conns.stream().filter(c -> c.updateArrivalMicros >= 0 && c.updateVersion == common)
                .mapToLong(c -> c.updateArrivalMicros - firstArrival).sorted().toArray();
        System.out.printf("update reached %d of %d subscribers%n", lat.length, snapshots);
        if (lat.length > 0) {
            System.out.printf("delivery from store (asOf): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(lat, 50) / 1000.0, pct(lat, 99) / 1000.0, lat[lat.length - 1] / 1000.0);
            System.out.printf("spread from first arrival (%d subscribers of version %d): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    spread.length, common, pct(spread, 50) / 1000.0, pct(spread, 99) / 1000.0, spread[spread.length - 1] / 1000.0);
        }

        if (hold > 0) {
            conns.forEach(c -> c.heartbeats = 0);
            long end = System.nanoTime() + hold * 1_000_000_000L;
            while (System.nanoTime() < end) {
                selector.select(100);
                long now = micros(Instant.now());
                for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    if (key.isValid() && key.isReadable()) {
                        read((Conn) key.attachment(), key, buf, now);
                    }
                }
            }
            long beat = conns.stream().filter(c -> c.heartbeats > 0).count();
            long closed = conns.stream().filter(c -> c.closed).count();
            Memory held = Memory.of(serverPid, port);
            System.out.printf("after holding %d s: %d of %d saw a heartbeat, %d closed; server RSS %.1f MiB, heap %.1f MiB%n",
                    hold, beat, conns.size(), closed, held.rss / 1048576.0, held.heap / 1048576.0);
        }
        for (Conn c : conns) {
            c.ch.close();
        }
    }

    static void read(Conn c, SelectionKey key, ByteBuffer buf, long now) {
        try {
            while (true) {
                buf.clear();
                int r = c.ch.read(buf);
                if (r < 0) {
                    c.closed = true;
                    key.cancel();
                    c.ch.close();
                    return;
                }
                if (r == 0) {
                    break;
                }
                buf.flip();
                c.pending.append(StandardCharsets.UTF_8.decode(buf));
            }
        } catch (IOException e) {
            c.closed = true;
            key.cancel();
            return;
        }
        // Frames end with a blank line; chunk-size lines of the chunked encoding are ignored.
        int end;
        while ((end = c.pending.indexOf("\n\n")) >= 0) {
            String frame = c.pending.substring(0, end);
            c.pending.delete(0, end + 2);
            if (frame.contains(": heartbeat")) {
                c.heartbeats++;
            }
            if (frame.contains("event: snapshot")) {
                c.snapshot = true;
            } else if (frame.contains("event: update") && c.updateArrivalMicros < 0 && c.snapshot) {
                Matcher m = AS_OF.matcher(frame);
                Matcher v = VERSION.matcher(frame);
                if (m.find() && v.find()) {
                    c.updateVersion = Long.parseLong(v.group(1));
                    c.updateAsOfMicros = micros(Instant.parse(m.group(1)));
                    c.updateArrivalMicros = now;
                }
            }
        }
        if (c.pending.length() > 1 << 16) {
            c.pending.setLength(0);
        }
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    record Memory(long rss, long heap) {
        static Memory of(long pid, int port) throws Exception {
            new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/metrics/jvm.memory.used?tag=area:heap")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("\"value\":([0-9.E+]+)").matcher(body);
            return new Memory(rss, m.find() ? (long) Double.parseDouble(m.group(1)) : 0);
        }
    }
}
