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

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("plan")) {
            System.exit(PlanCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out));
        }
        if (System.getProperty(SEND_PREFETCH) == null) {
            System.setProperty(SEND_PREFETCH, "1");
        }
        SpringApplication.run(QuotegateApplication.class, args);
    }
}
