package io.quotegate.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerResponse;

/**
 * How {@link DirectReads} writes on Reactor Netty what {@link FeedReads}, {@link StreamReads} and
 * {@link ClientFilter} write through Spring: the same statuses, headers and bytes.
 */
final class DirectWrites {

    /** A feed read's answer: 200 with its body (one buffer, its length known), or 304. */
    static Mono<Void> answer(HttpServerResponse response, FeedAnswers.Answer answer, String vary) {
        response.header(HttpHeaders.ETAG, answer.etag())
                .header(HttpHeaders.CACHE_CONTROL, answer.cacheControl())
                .header(HttpHeaders.VARY, vary);
        byte[] body = answer.body();
        if (body == null) {
            return response.status(304).send().then();
        }
        response.header(HttpHeaders.CONTENT_TYPE, FeedAnswers.JSON);
        if (answer.gzip()) {
            response.header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        response.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
        return response.sendObject(Unpooled.wrappedBuffer(body)).then();
    }

    /** A client plan's refusal: 401 or 429, its headers and its JSON body. */
    static Mono<Void> refused(HttpServerResponse response, ClientReplies.Refused refused) {
        response.status(refused.status());
        refused.headers().forEach(response::header);
        response.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(refused.body().length));
        return response.sendObject(Unpooled.wrappedBuffer(refused.body())).then();
    }

    /**
     * A stream: its headers, {@code retry:}, then the frames as they come; on HTTP/1.1, as chunks written
     * ahead of the codec ({@link ChunkedFrames}).
     */
    static Mono<Void> stream(HttpServerResponse response, Flux<byte[]> frames) {
        StreamReads.HEADERS.forEach(response::header);
        Flux<byte[]> all = frames.startWith(StreamReads.RETRY);
        ChannelHandlerContext codec =
                response instanceof Connection c ? aheadOfCodec(c.channel().pipeline()) : null;
        if (codec == null
                || response.version() != HttpVersion.HTTP_1_1
                || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(
                        response.responseHeaders().get(HttpHeaderNames.TRANSFER_ENCODING))) {
            return response.send(all.map(Unpooled::wrappedBuffer)).then();
        }
        return response.sendHeaders().then().then(Mono.create(done -> all.subscribe(new ChunkedFrames(codec, done))));
    }

    /** The HTTP/1.1 codec's context, when nothing between it and the route transforms the body. */
    private static @Nullable ChannelHandlerContext aheadOfCodec(ChannelPipeline pipeline) {
        return pipeline.get(NettyPipeline.CompressionHandler) != null
                ? null
                : pipeline.context(NettyPipeline.HttpCodec);
    }

    private DirectWrites() {}
}
