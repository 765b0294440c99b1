package io.quotegate.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * JSON for the requests that never reach WebFlux: a request line over the decoder's limit (Netty
 * would answer {@code 414} with an empty body), oversized headers ({@code 431}), an undecodable request
 * ({@code 400}), and a URI that is not a URI, such as a malformed percent-escape in
 * {@code /fx?symbols=%ZZ} (Spring's adapter would answer {@code 400} with an empty body). It sits right
 * after the HTTP codec on every connection, answers those requests itself and closes the connection.
 */
@Component
class RequestLineGuard implements NettyServerCustomizer {

    @Override
    public HttpServer apply(HttpServer server) {
        // At channel init Reactor Netty has already put its HTTP codec in the pipeline; the guard goes right after it.
        return server.doOnChannelInit((observer, channel, remote) -> {
            var pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(Handler.NAME) == null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, Handler.NAME, new Handler());
            }
        });
    }

    /** The rejection for a request, or null when WebFlux may have it. */
    static @Nullable Rejection check(HttpRequest request) {
        DecoderResult result = request.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                return new Rejection(
                        HttpResponseStatus.REQUEST_URI_TOO_LONG,
                        "uri_too_long",
                        "The request line is too long. Ask for fewer symbols per request, or the whole feed.");
            }
            if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
                return new Rejection(
                        HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                        "headers_too_large",
                        "The request headers are too large.");
            }
            return new Rejection(
                    HttpResponseStatus.BAD_REQUEST, "bad_request", "The request could not be decoded as HTTP.");
        }
        if (plain(request.uri())) {
            return null;
        }
        try {
            new URI(request.uri());
            return null;
        } catch (URISyntaxException e) {
            return new Rejection(
                    HttpResponseStatus.BAD_REQUEST,
                    "bad_uri",
                    "The request URI is malformed ("
                            + e.getReason() + " at index " + e.getIndex()
                            + "). Percent-escapes are % and two hex digits,"
                            + " e.g. symbols=EUR%2FUSD.");
        }
    }

    /**
     * True for a path (and query) of characters java.net.URI always accepts there: letters, digits and
     * {@code -._~!$&'()*+,;=:@/?}, not starting with {@code //}. Only other request lines (a percent-escape, a space, brackets ...)
     * are parsed here; a plain one would be parsed twice per request, here and by WebFlux.
     */
    static boolean plain(String uri) {
        if (uri.isEmpty() || uri.charAt(0) != '/' || uri.startsWith("//")) {
            return false; // "//..." is an authority to java.net.URI
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    record Rejection(HttpResponseStatus status, String code, String message) {
        FullHttpResponse response() {
            byte[] body = ("{\"error\":\"" + code + "\",\"message\":\""
                            + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            return response;
        }
    }

    /** Per connection: answers a rejected request and drops the rest of it. */
    static final class Handler extends ChannelInboundHandlerAdapter {
        static final String NAME = "quotegate.requestLineGuard";
        private boolean rejecting;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                Rejection rejection = check(request);
                if (rejection != null) {
                    rejecting = true;
                    ReferenceCountUtil.release(msg);
                    ctx.writeAndFlush(rejection.response()).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                rejecting = false;
            } else if (rejecting && msg instanceof HttpContent) {
                ReferenceCountUtil.release(msg);
                if (msg instanceof LastHttpContent) {
                    rejecting = false;
                }
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }
}
