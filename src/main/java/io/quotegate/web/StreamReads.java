package io.quotegate.web;

import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.stream.Broadcaster;
import io.quotegate.stream.EventIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * Server-Sent Events: {@code /{feed}/stream} and {@code /stream?feeds=a,b}, answered by a web filter
 * ahead of the dispatcher. A stream lives for hours, and whatever the request path allocates lives as
 * long: the annotated-controller path kept about 15 KiB per idle connection (handler method, binding
 * models, argument resolver lambdas, exchange attributes, the observation context); this keeps the
 * exchange, the transport and one {@code Broadcaster} ribbon. Frames come pre-encoded from the
 * {@link Broadcaster}.
 *
 * <p>An unknown feed's stream goes down the chain to {@link StreamController}, which answers the 404.
 */
@Component
class StreamReads implements WebFilter, Ordered {

    /** The SSE reconnection delay, sent first on every stream. */
    static final byte[] RETRY = "retry: 5000\n\n".getBytes(StandardCharsets.US_ASCII);

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final FeedCatalog feeds;
    private final Broadcaster broadcaster;
    private final Map<String, String> feedByPath = new HashMap<>();

    StreamReads(FeedCatalog feeds, Broadcaster broadcaster) {
        this.feeds = feeds;
        this.broadcaster = broadcaster;
        for (Feed f : feeds.all()) {
            feedByPath.put("/" + f.name() + "/stream", f.name());
        }
    }

    /** The paths this filter answers. */
    Set<String> paths() {
        Set<String> paths = new LinkedHashSet<>(feedByPath.keySet());
        paths.add("/stream");
        return paths;
    }

    @Override
    public int getOrder() {
        return FilterOrder.STREAM_READS;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return chain.filter(exchange);
        }
        String path = request.getPath().value();
        String feed = feedByPath.get(path);
        if (method == HttpMethod.HEAD) {
            if (feed == null && !path.equals("/stream")) {
                return chain.filter(exchange);
            }
            headers(exchange.getResponse());
            return exchange.getResponse().setComplete();
        }
        if (feed != null) {
            ServerHttpResponse response = exchange.getResponse();
            return write(
                    response,
                    broadcaster.stream(
                            feed, parseVersion(request.getHeaders().getFirst(LAST_EVENT_ID)), lane(response)));
        }
        if (path.equals("/stream")) {
            try {
                List<String> asked = combined(request.getQueryParams().getFirst("feeds"));
                ServerHttpResponse response = exchange.getResponse();
                return write(
                        response,
                        broadcaster.combined(
                                asked, EventIds.parse(request.getHeaders().getFirst(LAST_EVENT_ID)), lane(response)));
            } catch (ApiException e) {
                return Mono.error(e);
            }
        }
        return chain.filter(exchange);
    }

    /** The feeds of {@code /stream?feeds=a,b}, in order without duplicates; a 400 names unknown ones. */
    List<String> combined(@Nullable String asked) {
        if (asked == null || asked.isBlank()) {
            throw ApiException.badRequest(
                    "bad_feeds",
                    "Pass the feeds to combine, e.g. /stream?feeds=fx,crypto; feeds are " + feeds.names() + ".");
        }
        Set<String> wanted = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String part : asked.split(",")) {
            String f = part.trim();
            if (f.isEmpty()) {
                continue;
            }
            (feeds.find(f).isPresent() ? wanted : unknown).add(f);
        }
        if (!unknown.isEmpty() || wanted.isEmpty()) {
            throw ApiException.badRequest(
                    "unknown_feed", "No feed " + String.join(", ", unknown) + "; feeds are " + feeds.names() + ".");
        }
        return List.copyOf(wanted);
    }

    /**
     * Frames go through {@code writeWith}, whose transport asks for more only while the connection can
     * take it (and flushes each burst), so a slow client's demand stops and the broadcaster keeps just
     * the latest version for it; {@code writeAndFlushWith} would queue up to 32 frames per connection.
     * The stream opens with {@code retry:} so that clients reconnect after 5 s rather than their default.
     */
    private static Mono<Void> write(ServerHttpResponse response, Flux<byte[]> frames) {
        headers(response);
        DataBufferFactory buffers = response.bufferFactory();
        // Client plans (issue 11): counts messages and merges the caller's `warning` events in.
        Flux<byte[]> keyed = ClientFilter.stream(response, frames);
        return response.writeWith(keyed.startWith(RETRY).map(buffers::wrap));
    }

    /**
     * The event loop that writes this connection, as the {@link Broadcaster}'s lane: frames handed over
     * on it are written in place, a chunk of connections per task, instead of one cross-thread task
     * (and wake-up) per connection and version. Null (deliver on the publishing thread) when the
     * response is not Reactor Netty's.
     */
    static @Nullable Executor lane(ServerHttpResponse response) {
        try {
            Object nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
            return nativeResponse instanceof Connection connection
                    ? connection.channel().eventLoop()
                    : null;
        } catch (IllegalArgumentException e) {
            return null; // not a server's response (a test's mock)
        }
    }

    private static void headers(ServerHttpResponse response) {
        HttpHeaders headers = response.getHeaders();
        HEADERS.forEach(headers::set);
    }

    /** The headers of every stream: the type, no caching, and no buffering in a proxy such as nginx. */
    static final Map<String, String> HEADERS = headers();

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(HttpHeaders.CONTENT_TYPE, "text/event-stream");
        h.put(HttpHeaders.CACHE_CONTROL, "no-cache");
        h.put("X-Accel-Buffering", "no");
        return Collections.unmodifiableMap(h);
    }

    /** The feed of a single-feed stream's path ({@code /fx/stream}), or null. */
    @Nullable
    String feedOf(String path) {
        return feedByPath.get(path);
    }

    static @Nullable Long parseVersion(@Nullable String lastEventId) {
        if (lastEventId == null) {
            return null;
        }
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
