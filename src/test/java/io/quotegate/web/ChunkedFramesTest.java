package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quotegate.stream.Frame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.NettyPipeline;

/**
 * Frames written as HTTP chunks ahead of the codec: the bytes on the wire, that the codec is skipped,
 * one frame in flight (the next asked for only once the last is on the socket), and the end of the
 * stream when the connection closes or a write fails.
 */
class ChunkedFramesTest {

    private static final byte[] FRAME = "id: 7\nevent: update\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);

    /** Nearest the socket: keeps what reaches it, and its promises, which a test completes (or fails). */
    private final List<ByteBuf> written = new ArrayList<>();

    private final List<ChannelPromise> promises = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Demand demand = new Demand();

    @AfterEach
    void release() {
        written.forEach(ByteBuf::release);
        channel.finishAndReleaseAll();
    }

    private ChunkedFrames writer() {
        channel.pipeline().addLast("socket", new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                written.add((ByteBuf) msg);
                promises.add(promise);
            }
        });
        channel.pipeline().addLast(NettyPipeline.HttpCodec, new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                throw new AssertionError("the codec saw a frame: " + msg);
            }
        });
        AtomicReference<MonoSink<Void>> sink = new AtomicReference<>();
        Mono.<Void>create(sink::set).subscribe();
        ChunkedFrames frames = new ChunkedFrames(channel.pipeline().context(NettyPipeline.HttpCodec), sink.get());
        frames.onSubscribe(demand);
        return frames;
    }

    @Test
    void aFrameIsOneChunkWrittenAheadOfTheCodec() {
        ChunkedFrames frames = writer();
        frames.onNext(new Frame(Frame.Kind.DATA, FRAME));
        assertThat(written).hasSize(1);
        String expected =
                Integer.toHexString(FRAME.length) + "\r\n" + new String(FRAME, StandardCharsets.UTF_8) + "\r\n";
        assertThat(written.get(0).toString(StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void theNextFrameIsAskedForOnlyWhenTheLastIsOnTheSocket() {
        ChunkedFrames frames = writer();
        assertThat(demand.requested).isEqualTo(1);
        frames.onNext(new Frame(Frame.Kind.DATA, FRAME));
        assertThat(demand.requested).as("a frame in flight").isEqualTo(1);
        promises.get(0).setSuccess();
        assertThat(demand.requested).isEqualTo(2);
        assertThat(demand.cancelled).isFalse();
    }

    @Test
    void aFailedWriteEndsTheStreamAndClosesTheConnection() {
        ChunkedFrames frames = writer();
        frames.onNext(new Frame(Frame.Kind.DATA, FRAME));
        promises.get(0).setFailure(new java.io.IOException("reset by peer"));
        assertThat(demand.cancelled).isTrue();
        assertThat(demand.requested).isEqualTo(1);
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aClosedConnectionEndsTheStream() {
        writer();
        channel.close();
        assertThat(demand.cancelled).isTrue();
        assertThat(demand.requested).isEqualTo(1);
    }

    @Test
    void onAnEventLoopAFrameIsEncodedOnceAndShared() {
        // Without leak detection: the default allocator wraps a sampled allocation (1 in 128) in a leak-aware
        // buffer, whose unwrap() returns the wrapped buffer, not null; this test failed once in CI on that.
        // And a frame array of its own: the thread's last chunk may still hold FRAME, encoded by another test.
        ByteBufAllocator alloc = new UnpooledByteBufAllocator(true, true);
        byte[] frame = FRAME.clone();
        ByteBuf a = ChunkedFrames.chunk(frame, alloc, true);
        ByteBuf b = ChunkedFrames.chunk(frame, alloc, true);
        try {
            assertThat(b.unwrap()).as("one encoded chunk").isSameAs(a.unwrap());
            assertThat(b).isEqualTo(a);
            byte[] other = frame.clone(); // equal bytes, another version's array
            ByteBuf c = ChunkedFrames.chunk(other, alloc, true);
            assertThat(c.unwrap()).isNotSameAs(a.unwrap());
            assertThat(a.unwrap().refCnt())
                    .as("the earlier chunk: only its two duplicates hold it")
                    .isEqualTo(2);
            c.release();
            ByteBuf d = ChunkedFrames.chunk(frame, alloc, false);
            assertThat(d.unwrap()).as("off the loop: a chunk of its own").isNull();
            assertThat(d).isEqualTo(a);
            d.release();
        } finally {
            a.release();
            b.release();
        }
    }

    private static final class Demand implements Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
