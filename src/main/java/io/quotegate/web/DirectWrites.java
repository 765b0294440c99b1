package io.quotegate.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import io.quotegate.stream.Frame;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerResponse;

/** How {@link DirectReads} writes a {@link Reply} on Reactor Netty: as decided, nothing added. */
final class DirectWrites {

    static Mono<Void> write(HttpServerResponse response, Reply reply) {
        response.status(reply.status());
        reply.headers(response::header);
        Flux<Frame> frames = reply.frames();
        if (frames != null) {
            return stream(response, frames);
        }
        byte[] body = reply.body();
        Mono<Void> sent = body == null
                ? response.send().then()
                : response.sendObject(Unpooled.wrappedBuffer(body)).then();
        return sent.doFinally(signal -> reply.written());
    }

    /** A stream's frames as they come; on HTTP/1.1, as chunks written ahead of the codec ({@link ChunkedFrames}). */
    private static Mono<Void> stream(HttpServerResponse response, Flux<Frame> frames) {
        ChannelHandlerContext codec =
                response instanceof Connection c ? aheadOfCodec(c.channel().pipeline()) : null;
        if (codec == null
                || response.version() != HttpVersion.HTTP_1_1
                || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(
                        response.responseHeaders().get(HttpHeaderNames.TRANSFER_ENCODING))) {
            return response.send(frames.map(f -> Unpooled.wrappedBuffer(f.bytes())))
                    .then();
        }
        return response.sendHeaders()
                .then()
                .then(Mono.create(done -> frames.subscribe(new ChunkedFrames(codec, done))));
    }

    /** The HTTP/1.1 codec's context, when nothing between it and the route transforms the body. */
    private static @Nullable ChannelHandlerContext aheadOfCodec(ChannelPipeline pipeline) {
        return pipeline.get(NettyPipeline.CompressionHandler) != null
                ? null
                : pipeline.context(NettyPipeline.HttpCodec);
    }

    private DirectWrites() {}
}
