package io.quotegate.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection's feed reads ({@code GET|HEAD /{feed}}), answered right after the codec, ahead
 * of Reactor Netty's per-request operations: those cost a read two {@code epoll_ctl} system calls (the
 * connection's read interest turned off while a request is open and on again after it) and a chain of
 * operators, as much as the rest of the read. What is answered here is decided by {@link DirectReads}
 * (the same decision as its route's) and replied by the {@link ReadContract}; this only writes the
 * {@link Reply} as it is, as {@link DirectWrites} does on the route. Everything else (streams, requests
 * with a body, {@code Connection: close}, an upgrade) goes on to Reactor Netty, and while a request
 * that went on is unanswered, so does every later one, so that pipelined answers keep their order.
 */
final class ChannelReads extends ChannelDuplexHandler {

    static final String NAME = "quotegate.channelReads";

    /** Our headers are named by us: no validation of names; values are still checked. */
    private static final HttpHeadersFactory HEADERS =
            DefaultHttpHeadersFactory.headersFactory().withNameValidation(false);

    private final DirectReads reads;
    /** Requests passed on to Reactor Netty whose response has not ended. */
    private int passedOn;
    /** The rest of a request answered here (its content) is dropped. */
    private boolean dropping;
    /** A reply being decided (a client plan on Redis): what arrives meanwhile waits its turn. */
    private boolean awaiting;

    private final ArrayDeque<Object> held = new ArrayDeque<>(2);

    ChannelReads(DirectReads reads) {
        this.reads = reads;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (awaiting) {
            held.add(msg);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        if (dropping && msg instanceof HttpContent) {
            dropping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            ReadRequest read = passedOn == 0 ? reads.here(request, ctx.channel()) : null;
            if (read != null) {
                dropping = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg);
                answer(ctx, read);
                return;
            }
            passedOn++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof LastHttpContent && passedOn > 0) {
            passedOn--; // Reactor Netty's answer to a request passed on has ended
        }
        ctx.write(msg, promise);
    }

    private void answer(ChannelHandlerContext ctx, ReadRequest read) {
        awaiting = true;
        reads.reply(read)
                .subscribe(
                        reply -> {
                            if (ctx.executor().inEventLoop()) {
                                write(ctx, read, reply);
                            } else {
                                ctx.executor().execute(() -> write(ctx, read, reply));
                            }
                        },
                        failed -> ctx.close()); // the contract replies to every request: this is a defect
    }

    private void write(ChannelHandlerContext ctx, ReadRequest read, Reply reply) {
        byte[] body = reply.body();
        ByteBuf content = body == null || read.head() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body);
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(reply.status()), content, HEADERS, HEADERS);
        reply.headers(response.headers()::add);
        ctx.writeAndFlush(response).addListener(f -> reply.written());
        awaiting = false;
        // Reactor Netty reads a connection on demand (auto-read off: it asks for the next request once it
        // has answered one), which turns the read interest on and off with a system call each time. While
        // reads are answered here, the connection is read as it comes; Reactor Netty turns it off again
        // for a request passed on.
        ctx.channel().config().setAutoRead(true);
        if (!held.isEmpty()) {
            Object next;
            while (!awaiting && (next = held.poll()) != null) {
                channelRead(ctx, next);
            }
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        @Nullable Object next;
        while ((next = held.poll()) != null) {
            ReferenceCountUtil.release(next);
        }
    }
}
