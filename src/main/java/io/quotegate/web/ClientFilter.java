package io.quotegate.web;

import io.quotegate.client.Admission;
import io.quotegate.client.Client;
import io.quotegate.client.ClientGate;
import io.quotegate.client.RequestKind;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
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
 * Client plans over HTTP for what the {@link ReadContract} does not answer ({@code /usage}, the admin
 * paths with a token, unknown paths), translation only: the key from {@code X-API-Key} or
 * {@code ?api_key=}, the decision from {@link ClientGate}, refusals as {@link ClientReplies} words
 * them, the rate-limit headers on every response of a client with a requests-per-minute limit, and the
 * bytes each response served back to the gate (none of these responses is a message). {@code /actuator}
 * is not a client path. Keys are never logged.
 */
@Component
@Order(FilterOrder.CLIENTS)
class ClientFilter implements WebFilter {

    /** Exchange attribute: the {@link Client} of an admitted request. */
    static final String CLIENT = ClientFilter.class.getName() + ".client";

    static final String API_KEY_PARAM = ReadRequest.API_KEY;

    private final ClientGate gate;
    private final JsonMapper json;

    ClientFilter(ClientGate gate, JsonMapper json) {
        this.gate = gate;
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
                .flatMap(a -> a.allowed() ? pass(exchange, chain, a) : refuse(exchange, a));
    }

    private Mono<Void> pass(ServerWebExchange exchange, WebFilterChain chain, Admission admission) {
        Client client = admission.admitted();
        if (!client.keyed() && !client.limited()) {
            // An anonymous caller of an unlimited tier (the shipped default): nothing to count or tell.
            exchange.getAttributes().put(CLIENT, client);
            return chain.filter(exchange);
        }
        KeyedResponse response = new KeyedResponse(exchange.getResponse(), gate, admission);
        if (admission.rate() != null) {
            ClientReplies.rateHeaders(
                    response.getHeaders()::set,
                    admission.rate(),
                    admission.rate().resetSeconds());
        }
        ServerWebExchange keyed = exchange.mutate().response(response).build();
        keyed.getAttributes().put(CLIENT, client);
        return chain.filter(keyed).doFinally(signal -> {
            admission.release();
            response.finish();
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

    /** The response of an admitted request: counts the bytes written. */
    static final class KeyedResponse extends ServerHttpResponseDecorator {

        private final ClientGate gate;
        private final Admission admission;
        private final AtomicLong bytes = new AtomicLong();

        KeyedResponse(ServerHttpResponse delegate, ClientGate gate, Admission admission) {
            super(delegate);
            this.gate = gate;
            this.admission = admission;
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
            bytes.addAndGet(buffer.readableByteCount());
        }

        /** After the response: the bytes it served (none of these responses is a message). */
        void finish() {
            Client client = admission.client();
            if (client != null) {
                gate.served(client, 0, bytes.get());
            }
        }
    }
}
