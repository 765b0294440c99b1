package io.quotegate.web;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.quotegate.client.ClientGate;
import io.quotegate.stream.Broadcaster;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerInitializedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The common read, answered on Reactor Netty ahead of Spring's adapter: a {@code GET} of a feed
 * ({@code /fx}, {@code /fx?symbols=EUR/USD}) or of a feed's stream ({@code /fx/stream}) by a caller
 * without a key, when the anonymous tier has no limits (the shipped {@code open} tier), and without an
 * {@code Origin} when CORS is configured. Such a request needs none of Spring's filters: CORS has
 * nothing to answer, the admin guard nothing to guard, the client plan nothing to count but the
 * allowed request. Spring's adapter (a URI parse, the exchange, the observation context, five
 * filters) cost about as much as the read itself; a stream's exchange and filter chain lived as long as
 * the connection. Translation only: the answer is {@link FeedAnswers}', the frames the
 * {@link Broadcaster}'s, the headers those {@link FeedReads} and {@link StreamReads} write.
 *
 * <p>Everything else goes to Spring's adapter, as it did before: another method or path, a key, an
 * {@code Origin}, a query other than a plain {@code symbols=} (escapes, other parameters), a feed not
 * served yet (its 503), an unknown symbol (its 400), and any request to the management server.
 */
@Component
class DirectReads implements NettyRouteProvider, ApplicationListener<ReactiveWebServerInitializedEvent> {

    private static final String SYMBOLS = "symbols=";

    private final FeedAnswers answers;
    private final StreamReads streams;
    private final Broadcaster broadcaster;
    private final ClientGate gate;
    private final boolean cors;
    private final ObjectProvider<HttpHandler> springHandler;
    private final ApplicationContext context;
    private volatile @Nullable ReactorHttpHandlerAdapter spring;
    /**
     * The public server's port, once it listens. The management server (its own port, a child context)
     * gets these routes too, as Boot hands every route provider it sees to both: there, nothing is direct.
     */
    private volatile int publicPort = -1;

    DirectReads(
            FeedAnswers answers,
            StreamReads streams,
            Broadcaster broadcaster,
            ClientGate gate,
            HttpProperties properties,
            ObjectProvider<HttpHandler> springHandler,
            ApplicationContext context) {
        this.answers = answers;
        this.streams = streams;
        this.broadcaster = broadcaster;
        this.gate = gate;
        this.cors = !properties.http().cors().allowedOrigins().isEmpty();
        this.springHandler = springHandler;
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

    /** Whether a request is one this class answers (or, for a 400 or a feed not served yet, hands on). */
    boolean direct(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET || gate.freeAnonymousTier() == null || !publicServer(request)) {
            return false;
        }
        io.netty.handler.codec.http.HttpHeaders headers = request.requestHeaders();
        if (headers.contains(ClientFilter.API_KEY_HEADER) || (cors && headers.contains(HttpHeaders.ORIGIN))) {
            return false;
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        if (q < 0) {
            FeedAnswers.Reader reader = answers.reader(uri);
            return reader != null ? reader.served() : streams.feedOf(uri) != null;
        }
        FeedAnswers.Reader reader = answers.reader(uri.substring(0, q));
        return reader != null && reader.served() && plainSymbols(uri, q + 1);
    }

    private boolean publicServer(HttpServerRequest request) {
        return request instanceof Connection c
                && c.channel().localAddress() instanceof InetSocketAddress local
                && local.getPort() == publicPort;
    }

    /** {@code symbols=...} and nothing else, with no escape to decode: what a query parser would read as is. */
    static boolean plainSymbols(String uri, int from) {
        if (!uri.startsWith(SYMBOLS, from)) {
            return false;
        }
        for (int i = from + SYMBOLS.length(); i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '&' || c == '%' || c == '+' || c == '#' || c == '=' || c == ';') {
                return false;
            }
        }
        return true;
    }

    private Publisher<Void> serve(HttpServerRequest request, HttpServerResponse response) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        FeedAnswers.Reader reader = answers.reader(q < 0 ? uri : uri.substring(0, q));
        if (reader == null) {
            return stream(request, response, uri);
        }
        io.netty.handler.codec.http.HttpHeaders in = request.requestHeaders();
        FeedAnswers.Answer answer;
        try {
            answer = reader.answer(
                    q < 0 ? null : uri.substring(q + 1 + SYMBOLS.length()),
                    FeedAnswers.acceptsGzip(in.get(HttpHeaders.ACCEPT_ENCODING)),
                    in.get(HttpHeaders.IF_NONE_MATCH));
        } catch (ApiException e) {
            return spring().apply(request, response); // an unknown symbol: its JSON 400 is Spring's to write
        }
        admitted();
        response.header(HttpHeaders.ETAG, answer.etag())
                .header(HttpHeaders.CACHE_CONTROL, answer.cacheControl())
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        byte[] body = answer.body();
        if (body == null) {
            return response.status(304).send();
        }
        response.header(HttpHeaders.CONTENT_TYPE, FeedAnswers.JSON);
        if (answer.gzip()) {
            response.header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        response.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
        return response.sendObject(Unpooled.wrappedBuffer(body));
    }

    private Publisher<Void> stream(HttpServerRequest request, HttpServerResponse response, String path) {
        String feed = streams.feedOf(path);
        if (feed == null) {
            return spring().apply(request, response);
        }
        admitted();
        StreamReads.HEADERS.forEach(response::header);
        Long lastEventId = StreamReads.parseVersion(request.requestHeaders().get(StreamReads.LAST_EVENT_ID));
        Flux<byte[]> frames = broadcaster.stream(
                feed,
                lastEventId,
                response instanceof Connection c ? c.channel().eventLoop() : null);
        return response.send(frames.startWith(StreamReads.RETRY).map(Unpooled::wrappedBuffer));
    }

    private void admitted() {
        String tier = gate.freeAnonymousTier();
        if (tier != null) {
            gate.admittedFree(tier);
        }
    }

    /** Spring's adapter over the application's {@link HttpHandler}, as the server would call it. */
    private ReactorHttpHandlerAdapter spring() {
        ReactorHttpHandlerAdapter s = spring;
        if (s == null) {
            spring = s = new ReactorHttpHandlerAdapter(springHandler.getObject());
        }
        return s;
    }
}
