package io.quotegate.web;

import io.quotegate.client.Admission;
import io.quotegate.client.Client;
import io.quotegate.client.ClientGate;
import io.quotegate.client.RequestKind;
import io.quotegate.feed.FeedCatalog;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Client plans over HTTP, translation only: the key from {@code X-API-Key} or {@code ?api_key=}, the
 * decision from {@link ClientGate}, refusals as JSON 401/429 with {@code Retry-After}, the IETF
 * {@code RateLimit-Policy} / {@code RateLimit} headers (draft-ietf-httpapi-ratelimit-headers) on
 * every response of a client with a requests-per-minute limit, and what each response served
 * (bytes written; one message per 200 feed response) back to the gate. {@code /actuator} is not a
 * client path. A stream's lease is released when its response completes, fails or is cancelled
 * (the connection closed). Keys are never logged.
 *
 * <p>Streams: {@link #stream(ServerHttpResponse, Flux)} is the one hook StreamController calls on
 * its frames; it counts data events as messages and merges the client's {@code warning} events in.
 */
@Component
@Order(FilterOrder.CLIENTS)
class ClientFilter implements WebFilter {

    /** Exchange attribute: the {@link Client} of an admitted request. */
    static final String CLIENT = ClientFilter.class.getName() + ".client";

    static final String API_KEY_PARAM = "api_key";

    private final ClientGate gate;
    private final FeedCatalog feeds;
    private final JsonMapper json;

    ClientFilter(ClientGate gate, FeedCatalog feeds, JsonMapper json) {
        this.gate = gate;
        this.feeds = feeds;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (path.startsWith("/actuator")) {
            return chain.filter(exchange);
        }
        String key = exchange.getRequest().getHeaders().getFirst(ClientReplies.API_KEY_HEADER);
        if (key == null) {
            key = exchange.getRequest().getQueryParams().getFirst(API_KEY_PARAM);
        }
        RequestKind kind = path.equals("/usage")
                ? RequestKind.USAGE
                : path.equals("/stream") || path.endsWith("/stream") ? RequestKind.STREAM : RequestKind.REQUEST;
        return gate.admit(key, address(exchange), kind)
                .flatMap(a -> a.allowed() ? pass(exchange, chain, a, path) : refuse(exchange, a));
    }

    private Mono<Void> pass(ServerWebExchange exchange, WebFilterChain chain, Admission admission, String path) {
        Client client = admission.admitted();
        if (!client.keyed() && !client.limited()) {
            // An anonymous caller of an unlimited tier (the shipped default): nothing to count or tell.
            exchange.getAttributes().put(CLIENT, client);
            return chain.filter(exchange);
        }
        KeyedResponse response = new KeyedResponse(exchange.getResponse(), gate, admission, json);
        if (admission.rate() != null) {
            ClientReplies.rateHeaders(
                    response.getHeaders()::set,
                    admission.rate(),
                    admission.rate().resetSeconds());
        }
        ServerWebExchange keyed = exchange.mutate().response(response).build();
        keyed.getAttributes().put(CLIENT, client);
        boolean feed = path.length() > 1
                && path.indexOf('/', 1) < 0
                && feeds.find(path.substring(1)).isPresent();
        return chain.filter(keyed).doFinally(signal -> {
            admission.release();
            response.finish(feed);
        });
    }

    private Mono<Void> refuse(ServerWebExchange exchange, Admission admission) {
        ClientReplies.Refused refused = ClientReplies.refused(admission, json);
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(refused.status()));
        refused.headers().forEach(response.getHeaders()::set);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(refused.body())));
    }

    private static String address(ServerWebExchange exchange) {
        return address(exchange.getRequest().getRemoteAddress());
    }

    /** The caller's address as the client plans partition anonymous callers by it. */
    static String address(@Nullable InetSocketAddress remote) {
        if (remote == null) {
            return "unknown";
        }
        return remote.getAddress() == null
                ? remote.getHostString()
                : remote.getAddress().getHostAddress();
    }

    /**
     * The stream hook: StreamController passes its SSE frames through this once. For a client it
     * counts every data event as a message (comment frames such as heartbeats count only as bytes),
     * merges the client's {@code warning} events in (those this request raised first), and ends the
     * stream after the warning that a monthly limit has run out. Other responses pass unchanged.
     */
    static Flux<byte[]> stream(ServerHttpResponse response, Flux<byte[]> frames) {
        KeyedResponse keyed = keyed(response);
        return keyed == null ? frames : keyed.stream(frames);
    }

    private static @Nullable KeyedResponse keyed(ServerHttpResponse response) {
        ServerHttpResponse r = response;
        while (r instanceof ServerHttpResponseDecorator d) {
            if (d instanceof KeyedResponse k) {
                return k;
            }
            r = d.getDelegate();
        }
        return null;
    }

    /** The response of an admitted request: counts the bytes written and carries the admission to the stream hook. */
    static final class KeyedResponse extends ServerHttpResponseDecorator {

        private final ClientGate gate;
        private final Admission admission;
        private final JsonMapper json;
        private final AtomicLong bytes = new AtomicLong();
        private volatile boolean streaming;

        KeyedResponse(ServerHttpResponse delegate, ClientGate gate, Admission admission, JsonMapper json) {
            super(delegate);
            this.gate = gate;
            this.admission = admission;
            this.json = json;
        }

        @Override
        public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
            // A Mono stays a Mono: the server writes a single buffer with its length in one flush, and a Flux
            // would send a feed read down the streaming path (the keyed read's largest extra cost).
            if (body instanceof Mono<? extends DataBuffer> one) {
                return super.writeWith(one.doOnNext(this::count));
            }
            return super.writeWith(Flux.from(body).doOnNext(this::count));
        }

        @Override
        public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
            return super.writeAndFlushWith(
                    Flux.from(body).map(inner -> Flux.from(inner).doOnNext(this::count)));
        }

        private void count(DataBuffer buffer) {
            if (!streaming) {
                bytes.addAndGet(buffer.readableByteCount());
            }
        }

        /** After the response: one message for a 200 feed response, and the bytes (a stream counted its own). */
        void finish(boolean feed) {
            Client client = admission.client();
            if (client == null || streaming) {
                return;
            }
            HttpStatus status = getStatusCode() == null
                    ? null
                    : HttpStatus.resolve(getStatusCode().value());
            gate.served(client, feed && status == HttpStatus.OK ? 1 : 0, bytes.get());
        }

        Flux<byte[]> stream(Flux<byte[]> frames) {
            streaming = true;
            Client client = admission.admitted();
            Flux<Frame> data = frames.map(f -> new Frame(f, f.length > 0 && f[0] == ':' ? 0 : 1, false));
            Flux<Frame> warnings = Flux.concat(Flux.fromIterable(admission.warnings()), gate.warnings(client))
                    .map(w -> new Frame(
                            ("event: warning\ndata: " + json.writeValueAsString(w) + "\n\n")
                                    .getBytes(StandardCharsets.UTF_8),
                            0,
                            w.endsStream()));
            // Prefetch 1, as the Broadcaster's own merge: nothing queues on a slow client's behalf. Counting
            // after the merge puts a warning this frame raises behind the frame, so the last event is delivered.
            return Flux.merge(1, data, warnings)
                    .doOnNext(f -> gate.served(client, f.messages(), f.bytes().length))
                    .takeUntil(Frame::last)
                    .map(Frame::bytes);
        }

        private record Frame(byte[] bytes, int messages, boolean last) {}
    }
}
