package io.quotegate.web;

import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * The {@link ReadContract}'s requests that reach Spring's adapter (a query with escapes, the management
 * server), answered by the first web filter, ahead of CORS, the admin guard and the client filter, which
 * the contract does itself. Translation only: the exchange becomes a {@link ReadRequest}, the
 * {@link Reply} is written as it is. Frames go through {@code writeWith}, whose transport asks for more
 * only while the connection can take it, so a slow client's demand stops and the broadcaster keeps just
 * the latest version for it.
 *
 * <p>Anything else (another method, another path, an unknown feed, a preflight) goes down the chain.
 */
@Component
class ReadFilter implements WebFilter, Ordered {

    private final ReadContract contract;

    ReadFilter(ReadContract contract) {
        this.contract = contract;
    }

    @Override
    public int getOrder() {
        return FilterOrder.READS;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        String path = request.getPath().value();
        if ((method != HttpMethod.GET && method != HttpMethod.HEAD) || !contract.answers(path)) {
            return chain.filter(exchange);
        }
        HttpHeaders in = request.getHeaders();
        MultiValueMap<String, String> query = request.getQueryParams();
        String key = in.getFirst(ReadRequest.API_KEY_HEADER);
        ServerHttpResponse response = exchange.getResponse();
        ReadRequest read = new ReadRequest(
                method == HttpMethod.HEAD,
                path,
                query.getFirst(ReadRequest.SYMBOLS),
                query.getFirst(ReadRequest.FEEDS),
                key != null ? key : query.getFirst(ReadRequest.API_KEY),
                in.getFirst(HttpHeaders.ORIGIN),
                in.getFirst(HttpHeaders.HOST),
                in.getFirst(HttpHeaders.ACCEPT_ENCODING),
                in.getFirst(HttpHeaders.IF_NONE_MATCH),
                in.getFirst(ReadRequest.LAST_EVENT_ID),
                ClientFilter.address(request.getRemoteAddress()),
                lane(response));
        return contract.reply(read).flatMap(reply -> write(response, reply));
    }

    private static Mono<Void> write(ServerHttpResponse response, Reply reply) {
        response.setStatusCode(HttpStatusCode.valueOf(reply.status()));
        HttpHeaders out = response.getHeaders();
        reply.headers(out::add);
        DataBufferFactory buffers = response.bufferFactory();
        var frames = reply.frames();
        if (frames != null) {
            return response.writeWith(frames.map(f -> buffers.wrap(f.bytes())));
        }
        byte[] body = reply.body();
        Mono<Void> sent = body == null ? response.setComplete() : response.writeWith(Mono.just(buffers.wrap(body)));
        return sent.doFinally(signal -> reply.written());
    }

    /**
     * The event loop that writes this connection, as the broadcaster's lane: frames handed over on it are
     * written in place, a chunk of connections per task. Null (deliver on the publishing thread) when the
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
}
