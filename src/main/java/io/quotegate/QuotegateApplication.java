package io.quotegate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point: a calm market-data gateway that spends provider credits on a clock. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QuotegateApplication {

    /**
     * Reactor Netty's send prefetch: how many buffers the transport asks of a response body ahead of
     * writing them (default 128). Each HTTP response, and so each SSE connection for as long as it is
     * open, holds a queue of that size: 128 slots cost about 950 bytes per connection, a tenth of an
     * idle subscriber's heap; with 1 the queue is a single slot. A stream's frames come one version at a
     * time and every other body is one or a few buffers, so nothing waits for the smaller prefetch,
     * and a slow client has at most one frame waiting in the transport's send queue (besides what
     * the socket and the broadcaster's pending slot hold). Set before any Reactor Netty class loads; {@code -D} on the command line wins.
     */
    static final String SEND_PREFETCH = "reactor.netty.send.maxPrefetchSize";

    /**
     * Reactor Netty 1.3.7 can stop reading a keep-alive connection: when a client's next request arrives
     * before the previous response's operations have terminated (a response written off the event loop,
     * such as /trace or an actuator endpoint), it is queued, and if it then completes synchronously (a
     * 401 from the admin guard) nobody resumes the read, so the request after it hangs (reactor-netty
     * #4361, fixed by #4347, not in a release served here). With this flag the early request is served
     * inline instead of queued; tried: 0 hangs in 300 keep-alive sequences against 3 in the first 9.
     */
    static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

    /**
     * Netty 4.2's buffer allocators define JFR events (chunk and buffer allocations, off unless a
     * recording enables them). The first chunk the server allocates, for the first request (usually a
     * readiness probe), loads such an event class, and that initialises JFR's event metadata in this
     * JVM: about 0.3 s on two cores (100 classes, 20 annotation proxies), while the main thread is still
     * starting the management server, before readiness. Off by default here; {@code
     * -Dio.netty.jfr.enabled=true} brings the events back (for a recording that enables {@code
     * io.netty.*}), and JFR itself works as before either way.
     */
    static final String NETTY_JFR = "io.netty.jfr.enabled";

    /**
     * Netty's buffer allocator: {@code pooled} (4.1's arenas with per-thread caches) instead of 4.2's
     * default adaptive allocator, and {@link #NETTY_RECYCLER} 0: no object pools for buffer and outbound
     * entries, which the young generation collects for less. In JFR samples of a feed read under load, the
     * adaptive allocator's magazines and the recyclers' shared queues (MPMC polls and offers) were about a
     * fifth of the event loops' Java time; with both settings the full-feed read served 0.81-0.82x nginx's
     * requests per second instead of 0.74-0.76x, in runs back to back on one machine (README, Performance).
     */
    static final String NETTY_ALLOCATOR = "io.netty.allocator.type";

    static final String NETTY_RECYCLER = "io.netty.recycler.maxCapacityPerThread";

    /**
     * The HTTP server's event loops: one per core, where Reactor Netty's default is at least four. On two
     * cores, four loops take turns on them during a fan-out; with one per core an update's arrival spread
     * over 10,000 subscribers was lower in each of three alternated runs on this project's two-core machine
     * (median p99 236 against 270 ms, 284 against 350 ms; the first update after 10,000 connect 270-411 against
     * 367-968 ms; bench/RESULTS.md), and the read path served as many requests with two loops as with four
     * (0.82x nginx both, 1 December). On four cores or more nothing changes.
     */
    static final String IO_WORKERS = "reactor.netty.ioWorkerCount";

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("plan")) {
            System.exit(PlanCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        systemDefaults();
        SpringApplication.run(QuotegateApplication.class, args);
    }

    /** The system properties above, each unless the command line set it. */
    static void systemDefaults() {
        java.util.Map.of(
                        SEND_PREFETCH, "1",
                        LAST_FLUSH_WHEN_NO_READ, "true",
                        NETTY_JFR, "false",
                        NETTY_ALLOCATOR, "pooled",
                        NETTY_RECYCLER, "0",
                        IO_WORKERS, Integer.toString(Runtime.getRuntime().availableProcessors()))
                .forEach((key, value) -> {
                    if (System.getProperty(key) == null) {
                        System.setProperty(key, value);
                    }
                });
    }
}
