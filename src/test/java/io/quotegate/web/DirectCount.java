package io.quotegate.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import java.util.concurrent.atomic.AtomicLong;
import reactor.netty.http.server.HttpServerRequest;

/**
 * How many requests a test server answered directly, told from outside: requests that reach the
 * connection's {@link ChannelReads} and do not come out of it were answered there; requests the
 * route's rule takes were answered by the route. The service itself keeps no count for the tests.
 */
final class DirectCount {

    private final DirectReads reads;
    private final AtomicLong reachingConnection = new AtomicLong();
    private final AtomicLong passedOn = new AtomicLong();
    private final AtomicLong routed = new AtomicLong();

    DirectCount(DirectReads reads) {
        this.reads = reads;
    }

    /** For {@code doOnChannelInit}: {@link DirectReads#install}, with a counter on each side of it. */
    void install(Channel channel) {
        reads.install(channel);
        if (channel.pipeline().get(ChannelReads.NAME) != null) {
            channel.pipeline().addBefore(ChannelReads.NAME, "test.reaching", counter(reachingConnection));
            channel.pipeline().addAfter(ChannelReads.NAME, "test.passedOn", counter(passedOn));
        }
    }

    /** For the route: {@link DirectReads#direct}, counted. */
    boolean direct(HttpServerRequest request) {
        boolean direct = reads.direct(request);
        if (direct) {
            routed.incrementAndGet();
        }
        return direct;
    }

    long answered() {
        return routed.get() + onConnection();
    }

    long onConnection() {
        return reachingConnection.get() - passedOn.get();
    }

    private static ChannelInboundHandlerAdapter counter(AtomicLong count) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    count.incrementAndGet();
                }
                ctx.fireChannelRead(msg);
            }
        };
    }
}
