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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * SSE fan-out benchmark client: N connections to one feed's stream over plain NIO, spread over a few
 * selector threads that do nothing but read and look for three byte markers (a few hundred bytes per
 * connection, so the client neither crowds the server nor becomes the bottleneck), then:
 *
 * <ol>
 *   <li>waits until every connection has its {@code snapshot} event, and reports the server's RSS and
 *       heap (after a GC) against the figures before connecting: memory per idle subscriber;</li>
 *   <li>waits for the next {@code update} event stored after that on every connection and reports p50 /
 *       p99 / max of its arrival (when the selector woke for it) minus the snapshot's {@code asOf} (set
 *       by the refresher just before the store), and the spread from the first arrival;</li>
 *   <li>with {@code hold > 0}, keeps the connections for that many seconds and reports how many saw a
 *       heartbeat and how many were closed.</li>
 * </ol>
 *
 * Run by {@code bench/sse-fanout.sh}; by hand: {@code java bench/SseFanOut.java PORT FEED N SERVER_PID [HOLD_S] [THREADS] [ROUNDS]}.
 * Connections use source addresses 127.0.0.1 to 127.0.0.8 so that many of them fit the ephemeral ports.
 * Loopback only; every phase is bounded in time.
 */
public class SseFanOut {

    static final byte[] SNAPSHOT = "event: snapshot".getBytes(StandardCharsets.US_ASCII);
    static final byte[] UPDATE = "event: update".getBytes(StandardCharsets.US_ASCII);
    static final byte[] HEARTBEAT = ": heartbeat".getBytes(StandardCharsets.US_ASCII);
    static final byte[] AS_OF = "\"asOf\":\"".getBytes(StandardCharsets.US_ASCII);
    static final byte[] VERSION = "\"version\":".getBytes(StandardCharsets.US_ASCII);
    static final int CARRY = 256;

    /** Only updates stored after this instant count. */
    static volatile long acceptAfterMicros = Long.MAX_VALUE;

    static volatile boolean holding;
    static volatile boolean stop;
    static final AtomicInteger snapshots = new AtomicInteger();
    static final AtomicInteger updated = new AtomicInteger();

    static final class Conn {
        final SocketChannel ch;
        byte[] carry = new byte[0];
        boolean snapshot;
        long updateArrivalMicros = -1;
        long updateAsOfMicros;
        long updateVersion;
        boolean heartbeat;
        boolean closed;

        Conn(SocketChannel ch) {
            this.ch = ch;
        }
    }

    /** One selector thread: opens its share of the connections, then reads until told to stop. */
    static final class Worker extends Thread {
        final int index;
        final int count;
        final int port;
        final byte[] request;
        final List<Conn> conns = new ArrayList<>();
        final ByteBuffer buf = ByteBuffer.allocate(1 << 16);

        Worker(int index, int count, int port, byte[] request) {
            super("sse-client-" + index);
            this.index = index;
            this.count = count;
            this.port = port;
            this.request = request;
        }

        @Override
        public void run() {
            try (Selector selector = Selector.open()) {
                int opened = 0;
                int pending = 0;
                int mine = 0;
                while (!stop) {
                    while (opened < count && pending < 128) {
                        SocketChannel ch = SocketChannel.open();
                        ch.configureBlocking(false);
                        ch.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
                        ch.bind(new InetSocketAddress("127.0.0." + (1 + (opened * 7 + index) % 8), 0));
                        ch.connect(new InetSocketAddress("127.0.0.1", port));
                        Conn c = new Conn(ch);
                        conns.add(c);
                        ch.register(selector, SelectionKey.OP_CONNECT, c);
                        opened++;
                        pending++;
                    }
                    selector.select(100);
                    long now = micros(Instant.now()); // arrival = when the selector woke for it
                    for (var it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                        SelectionKey key = it.next();
                        it.remove();
                        Conn c = (Conn) key.attachment();
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isConnectable()) {
                            try {
                                c.ch.finishConnect();
                                c.ch.write(ByteBuffer.wrap(request));
                                key.interestOps(SelectionKey.OP_READ);
                            } catch (IOException e) {
                                c.closed = true;
                                key.cancel();
                                pending--;
                            }
                        } else if (key.isReadable()) {
                            boolean had = c.snapshot;
                            read(c, key, now);
                            if (!had && c.snapshot) {
                                pending--;
                                mine++;
                                snapshots.incrementAndGet();
                            }
                        }
                    }
                }
                for (Conn c : conns) {
                    c.ch.close();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        void read(Conn c, SelectionKey key, long now) {
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
                        return;
                    }
                    byte[] data = new byte[c.carry.length + r];
                    System.arraycopy(c.carry, 0, data, 0, c.carry.length);
                    System.arraycopy(buf.array(), 0, data, c.carry.length, r);
                    scan(c, data, now);
                    int keep = Math.min(CARRY, data.length);
                    c.carry = java.util.Arrays.copyOfRange(data, data.length - keep, data.length);
                }
            } catch (IOException e) {
                c.closed = true;
                key.cancel();
            }
        }

        /** The last asOf this thread parsed, and its value: one parse per version, not per connection. */
        byte[] lastAsOf = new byte[0];

        long lastAsOfMicros;

        void scan(Conn c, byte[] data, long now) {
            if (!c.snapshot && indexOf(data, SNAPSHOT, 0) >= 0) {
                c.snapshot = true;
            }
            if (holding && !c.heartbeat && indexOf(data, HEARTBEAT, 0) >= 0) {
                c.heartbeat = true;
            }
            if (c.updateArrivalMicros >= 0 || !c.snapshot) {
                return;
            }
            int at = indexOf(data, UPDATE, 0);
            while (at >= 0) {
                int v = indexOf(data, VERSION, at);
                int a = indexOf(data, AS_OF, at);
                if (v < 0 || a < 0) {
                    return; // the rest comes with the next read (it is in the carry)
                }
                int end = a + AS_OF.length;
                while (end < data.length && data[end] != '"') {
                    end++;
                }
                if (end >= data.length) {
                    return;
                }
                long asOf = asOfMicros(data, a + AS_OF.length, end);
                if (asOf >= acceptAfterMicros) {
                    int ve = v + VERSION.length;
                    long version = 0;
                    while (ve < data.length && data[ve] >= '0' && data[ve] <= '9') {
                        version = version * 10 + (data[ve++] - '0');
                    }
                    c.updateVersion = version;
                    c.updateAsOfMicros = asOf;
                    c.updateArrivalMicros = now;
                    updated.incrementAndGet();
                    return;
                }
                at = indexOf(data, UPDATE, at + 1);
            }
        }

        /**
         * The asOf between from and to, parsed once per distinct value on this thread, not once per
         * connection: the client runs on the server's cores, and 10,000 cold Instant.parse calls an update add up.
         */
        long asOfMicros(byte[] data, int from, int to) {
            if (!java.util.Arrays.equals(data, from, to, lastAsOf, 0, lastAsOf.length)) {
                lastAsOf = java.util.Arrays.copyOfRange(data, from, to);
                lastAsOfMicros = micros(Instant.parse(new String(lastAsOf, StandardCharsets.US_ASCII)));
            }
            return lastAsOfMicros;
        }
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String feed = args[1];
        int n = Integer.parseInt(args[2]);
        long serverPid = Long.parseLong(args[3]);
        int hold = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        byte[] request = ("GET /" + feed + "/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port
                        + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        Memory before = Memory.of(serverPid, port);
        System.out.printf(
                "server before: RSS %.1f MiB, heap %.1f MiB%n", before.rss / 1048576.0, before.heap / 1048576.0);

        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(new Worker(i, n / threads + (i < n % threads ? 1 : 0), port, request));
        }
        long t0 = System.nanoTime();
        workers.forEach(Thread::start);
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (snapshots.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        int connected = snapshots.get();
        System.out.printf(
                "connected %d of %d with their snapshot in %.1f s (%d client threads)%n",
                connected, n, (System.nanoTime() - t0) / 1e9, threads);

        Memory idle = Memory.of(serverPid, port);
        System.out.printf(
                "server with %d idle subscribers: RSS %.1f MiB, heap %.1f MiB%n",
                connected, idle.rss / 1048576.0, idle.heap / 1048576.0);
        System.out.printf(
                "per subscriber: RSS %.1f KiB, heap %.1f KiB%n",
                (idle.rss - before.rss) / 1024.0 / Math.max(1, connected),
                (idle.heap - before.heap) / 1024.0 / Math.max(1, connected));

        // The next update stored from now on, on every connection; then (ROUNDS > 1) the ones after it:
        // the first update is also the first time the JIT sees the fan-out path at this scale.
        List<Conn> all = workers.stream().flatMap(w -> w.conns.stream()).toList();
        for (int round = 1; round <= rounds; round++) {
            for (Conn c : all) {
                c.updateArrivalMicros = -1;
            }
            updated.set(0);
            acceptAfterMicros = micros(Instant.now());
            // The server's CPU time, sampled every 20 ms: what the fan-out cost is read between the
            // sample before the update was stored and the first after its last arrival.
            List<long[]> cpuAt = new ArrayList<>();
            deadline = System.nanoTime() + 75_000_000_000L;
            while (updated.get() < connected && System.nanoTime() < deadline) {
                cpuAt.add(new long[] {micros(Instant.now()), cpuNanos(serverPid)});
                Thread.sleep(20);
            }
            cpuAt.add(new long[] {micros(Instant.now()), cpuNanos(serverPid)});
            Thread.sleep(200);
            List<Conn> got =
                    all.stream().filter(c -> c.updateArrivalMicros >= 0).toList();
            System.out.printf("update %d reached %d of %d subscribers%n", round, got.size(), connected);
            if (got.isEmpty()) {
                continue;
            }
            long common = got.stream()
                    .collect(Collectors.groupingBy(c -> c.updateVersion, Collectors.counting()))
                    .entrySet()
                    .stream()
                    .max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElse(0L);
            List<Conn> same =
                    got.stream().filter(c -> c.updateVersion == common).toList();
            long[] lat = same.stream()
                    .mapToLong(c -> c.updateArrivalMicros - c.updateAsOfMicros)
                    .sorted()
                    .toArray();
            long first =
                    same.stream().mapToLong(c -> c.updateArrivalMicros).min().orElse(0);
            long[] spread = same.stream()
                    .mapToLong(c -> c.updateArrivalMicros - first)
                    .sorted()
                    .toArray();
            System.out.printf(
                    "delivery of version %d (%d subscribers) from store (asOf): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    common, same.size(), pct(lat, 50) / 1000.0, pct(lat, 99) / 1000.0, lat[lat.length - 1] / 1000.0);
            System.out.printf(
                    "spread from first arrival: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    pct(spread, 50) / 1000.0, pct(spread, 99) / 1000.0, spread[spread.length - 1] / 1000.0);
            long storedAt =
                    same.stream().mapToLong(c -> c.updateAsOfMicros).min().orElse(0);
            long last = first + spread[spread.length - 1];
            long cpuBefore = cpuAt.get(0)[1];
            long cpuAfter = cpuAt.get(cpuAt.size() - 1)[1];
            for (long[] at : cpuAt) {
                if (at[0] <= storedAt) {
                    cpuBefore = at[1];
                }
            }
            for (int i = cpuAt.size() - 1; i >= 0 && cpuAt.get(i)[0] >= last; i--) {
                cpuAfter = cpuAt.get(i)[1];
            }
            long cpu = cpuAfter - cpuBefore;
            System.out.printf(
                    "server CPU from the store to the last arrival (20 ms samples): %.0f ms, %.1f us per subscriber; load %s%n",
                    cpu / 1e6,
                    cpu / 1e3 / same.size(),
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        }

        if (hold > 0) {
            holding = true;
            Thread.sleep(hold * 1000L);
            long beat = all.stream().filter(c -> c.heartbeat).count();
            long closed = all.stream().filter(c -> c.closed).count();
            Memory held = Memory.of(serverPid, port);
            System.out.printf(
                    "after holding %d s: %d of %d saw a heartbeat, %d closed; server RSS %.1f MiB, heap %.1f MiB%n",
                    hold, beat, all.size(), closed, held.rss / 1048576.0, held.heap / 1048576.0);
        }
        stop = true;
        for (Worker w : workers) {
            w.join(10_000);
        }
    }

    /** CPU time of every thread of a process so far, from the scheduler's per-thread nanoseconds. */
    static long cpuNanos(long pid) throws IOException {
        long sum = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    sum += Long.parseLong(
                            Files.readString(t.resolve("schedstat")).split(" ")[0]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        }
        return sum;
    }

    static int indexOf(byte[] data, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    static long pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * p / 100.0) - 1)];
    }

    record Memory(long rss, long heap) {
        static Memory of(long pid, int port) throws Exception {
            new ProcessBuilder("jcmd", Long.toString(pid), "GC.run")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
            long rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            String body = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                            + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher m = Pattern.compile("\"value\":([0-9.E+]+)").matcher(body);
            return new Memory(rss, m.find() ? (long) Double.parseDouble(m.group(1)) : 0);
        }
    }
}
