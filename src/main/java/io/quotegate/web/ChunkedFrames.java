package io.quotegate.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.FastThreadLocal;
import io.quotegate.stream.Frame;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.MonoSink;

/**
 * A stream's frames written to its connection as ready-made HTTP chunks, one write and one flush per
 * frame, ahead of the HTTP codec: for a fan-out, each frame is chunk-encoded once per event loop into
 * a direct buffer that every connection on that loop writes a duplicate of, instead of each connection
 * going through Reactor Netty's send (its queue, its flush task) and the codec's chunk encoding (three
 * buffers, one of them a heap-to-direct copy of the frame). The response's headers must have been sent
 * with {@code Transfer-Encoding: chunked}; what the codec writes after this (the last chunk when the
 * stream ends) stays valid.
 *
 * <p>One frame is in flight at a time: the next is asked for when the last is on the socket, so a
 * client that does not read holds its connection's frames back and, from the broadcaster, gets the
 * latest version when it reads again.
 */
final class ChunkedFrames implements CoreSubscriber<Frame>, ChannelFutureListener {

    private static final byte[] CRLF = {'\r', '\n'};

    /** Per event loop: the frame last encoded there, and its chunk. */
    private static final FastThreadLocal<Encoded> LAST = new FastThreadLocal<>() {
        @Override
        protected Encoded initialValue() {
            return new Encoded();
        }

        @Override
        protected void onRemoval(Encoded value) {
            if (value.chunk != null) {
                value.chunk.release();
            }
        }
    };

    /** The context ahead of the codec: what is written here skips the codec. */
    private final ChannelHandlerContext ahead;

    private final MonoSink<Void> done;
    private @Nullable Subscription upstream;

    ChunkedFrames(ChannelHandlerContext ahead, MonoSink<Void> done) {
        this.ahead = ahead;
        this.done = done;
    }

    @Override
    public void onSubscribe(Subscription s) {
        upstream = s;
        done.onDispose(s::cancel);
        ahead.channel().closeFuture().addListener(this);
        s.request(1);
    }

    @Override
    public void onNext(Frame frame) {
        ahead.writeAndFlush(chunk(frame.bytes(), ahead.alloc(), ahead.executor().inEventLoop()))
                .addListener(this);
    }

    /**
     * A frame is on the socket: ask for the next one. The write failed or the connection closed: the
     * stream is over.
     */
    @Override
    public void operationComplete(ChannelFuture future) {
        Subscription s = upstream;
        if (s == null) {
            return;
        }
        if (future.isSuccess() && future != future.channel().closeFuture()) {
            s.request(1);
        } else {
            s.cancel();
            future.channel().close();
        }
    }

    @Override
    public void onError(Throwable t) {
        done.error(t);
    }

    @Override
    public void onComplete() {
        done.success();
    }

    /**
     * The frame as one HTTP chunk: on an event loop, a duplicate of the chunk encoded there for the
     * same frame array (frames are shared per version), else a new one.
     */
    static ByteBuf chunk(byte[] frame, ByteBufAllocator alloc, boolean onLoop) {
        if (!onLoop) {
            return encode(frame, alloc);
        }
        Encoded last = LAST.get();
        if (last.frame != frame) {
            ByteBuf old = last.chunk;
            last.chunk = encode(frame, alloc);
            last.frame = frame;
            if (old != null) {
                old.release();
            }
        }
        return Objects.requireNonNull(last.chunk).retainedDuplicate();
    }

    static ByteBuf encode(byte[] frame, ByteBufAllocator alloc) {
        byte[] size = Integer.toHexString(frame.length).getBytes(StandardCharsets.US_ASCII);
        ByteBuf b = alloc.directBuffer(size.length + 2 + frame.length + 2);
        return b.writeBytes(size).writeBytes(CRLF).writeBytes(frame).writeBytes(CRLF);
    }

    private static final class Encoded {
        byte @Nullable [] frame;

        @Nullable
        ByteBuf chunk;
    }
}
