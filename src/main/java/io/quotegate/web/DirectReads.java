package io.quotegate.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The {@link ReadContract}'s requests on Reactor Netty, ahead of Spring's adapter: Spring's adapter (a URI
 * parse, the exchange, the observation context, the web filters) cost about as much as a read itself,
 * and a stream's exchange lived as long as the connection. Translation only: the request becomes a
 * {@link ReadRequest}, the {@link Reply} is written by {@link DirectWrites}.
 *
 * <p>Which requests come here is decided once, from the request line alone, before anything is looked
 * up: a {@code GET} or {@code HEAD} on the public server of one of the contract's paths, whose query
 * needs no decoding (no {@code %} escape, no {@code +}). Everything else goes to Spring's adapter, where
 * {@link ReadFilter} answers the rest of the contract's requests with the same contract, and any
 * request to the management server. Of the requests answered here, feed reads on an HTTP/1.1 connection
 * that stays open are answered on the connection itself ({@link ChannelReads}, the same rule by
 * {@link #here}), the rest by this route.
 */
@Component
class DirectReads implements NettyRouteProvider, ApplicationListener<ReactiveWebServerInitializedEvent> {

    private final ReadContract contract;
    private final ApplicationContext context;
    /**
     * The public server's port, once it listens. The management server (its own port, a child context)
     * gets these routes too, as Boot hands every route provider it sees to both: there, nothing is direct.
     */
    private volatile int publicPort = -1;

    DirectReads(ReadContract contract, ApplicationContext context) {
        this.contract = contract;
        this.context = context;
    }

    @Override
    public void onApplicationEvent(ReactiveWebServerInitializedEvent event) {
        if (event.getApplicationContext() == context) {
            listening(event.getWebServer().getPort());
        }
    }

    /** The public server listens on this port: only its requests may be answered here. */
    void listening(int port) {
        publicPort = port;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(this::direct, this::serve);
    }

    /** Puts a {@link ChannelReads} on every HTTP/1.1 connection, ahead of Reactor Netty's request handling. */
    void install(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null
                && pipeline.get(NettyPipeline.H2CUpgradeHandler) == null
                && pipeline.get(ChannelReads.NAME) == null) {
            pipeline.addBefore(NettyPipeline.HttpTrafficHandler, ChannelReads.NAME, new ChannelReads(this));
        }
    }

    /** Whether a request is answered here: from its method, server, path and query's characters only. */
    boolean direct(HttpServerRequest request) {
        return request instanceof Connection c
                && direct(request.method(), request.uri(), c.channel(), contract::answers);
    }

    /** The rule of {@link #direct(HttpServerRequest)}, for the paths {@code paths} accepts. */
    private boolean direct(HttpMethod method, String uri, Channel channel, Predicate<String> paths) {
        if ((method != HttpMethod.GET && method != HttpMethod.HEAD)
                || !(channel.localAddress() instanceof InetSocketAddress local)
                || local.getPort() != publicPort) {
            return false;
        }
        int q = uri.indexOf('?');
        return paths.test(q < 0 ? uri : uri.substring(0, q)) && (q < 0 || plainQuery(uri, q + 1));
    }

    /** A query a parser would read as is: nothing to decode, no fragment, no {@code ;} separators. */
    static boolean plainQuery(String uri, int from) {
        for (int i = from; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '%' || c == '+' || c == '#' || c == ';') {
                return false;
            }
        }
        return true;
    }

    /**
     * The first value of a parameter in a plain query ({@code name=value&...}), as Spring's
     * {@code getQueryParams().getFirst(name)} reads it; null when absent or without {@code =}.
     */
    static @Nullable String parameter(String uri, int from, String name) {
        int i = from;
        while (i <= uri.length()) {
            int end = uri.indexOf('&', i);
            if (end < 0) {
                end = uri.length();
            }
            if (uri.startsWith(name, i) && i + name.length() < end && uri.charAt(i + name.length()) == '=') {
                return uri.substring(i + name.length() + 1, end);
            }
            i = end + 1;
        }
        return null;
    }

    Publisher<Void> serve(HttpServerRequest request, HttpServerResponse response) {
        ReadRequest read = request(
                request.method(),
                request.uri(),
                request.requestHeaders(),
                request.remoteAddress(),
                response instanceof Connection c ? c.channel().eventLoop() : null);
        return contract.reply(read).flatMap(reply -> DirectWrites.write(response, reply));
    }

    /**
     * A request that {@link ChannelReads} answers on its connection, or null when it goes on to Reactor
     * Netty: the same decision as the route's ({@link #direct}), for a feed read (not a stream) on a
     * connection that stays open ({@code HTTP/1.1}, no {@code Connection: close}, no upgrade, no body).
     */
    @Nullable
    ReadRequest here(HttpRequest request, Channel channel) {
        HttpMethod method = request.method();
        String uri = request.uri();
        if (request.protocolVersion() != HttpVersion.HTTP_1_1 || !direct(method, uri, channel, contract::reads)) {
            return null;
        }
        io.netty.handler.codec.http.HttpHeaders in = request.headers();
        if (in.contains(HttpHeaderNames.CONNECTION)
                || in.contains(HttpHeaderNames.UPGRADE)
                || in.contains(HttpHeaderNames.EXPECT)
                || in.contains(HttpHeaderNames.TRANSFER_ENCODING)
                || !(request instanceof LastHttpContent || emptyBody(in))) {
            return null;
        }
        return request(
                method,
                uri,
                in,
                channel.remoteAddress() instanceof InetSocketAddress remote ? remote : null,
                channel.eventLoop());
    }

    /** A request without a body: none announced, or one of length 0 (as the JDK's client sends a GET). */
    private static boolean emptyBody(io.netty.handler.codec.http.HttpHeaders in) {
        String length = in.get(HttpHeaderNames.CONTENT_LENGTH);
        return length == null || length.equals("0");
    }

    /** The contract's reply to a request answered on its connection. */
    Mono<Reply> reply(ReadRequest read) {
        return contract.reply(read);
    }

    private static ReadRequest request(
            HttpMethod method,
            String uri,
            io.netty.handler.codec.http.HttpHeaders in,
            @Nullable InetSocketAddress remote,
            @Nullable Executor lane) {
        int q = uri.indexOf('?');
        String key = in.get(ReadRequest.API_KEY_HEADER);
        if (key == null && q >= 0) {
            key = parameter(uri, q + 1, ReadRequest.API_KEY);
        }
        return new ReadRequest(
                method == HttpMethod.HEAD,
                q < 0 ? uri : uri.substring(0, q),
                q < 0 ? null : parameter(uri, q + 1, ReadRequest.SYMBOLS),
                q < 0 ? null : parameter(uri, q + 1, ReadRequest.FEEDS),
                key,
                in.get(HttpHeaders.ORIGIN),
                in.get(HttpHeaders.HOST),
                in.get(HttpHeaders.ACCEPT_ENCODING),
                in.get(HttpHeaders.IF_NONE_MATCH),
                in.get(ReadRequest.LAST_EVENT_ID),
                ClientFilter.address(remote),
                lane);
    }
}
