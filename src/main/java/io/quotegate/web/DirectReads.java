package io.quotegate.web;

import io.netty.handler.codec.http.HttpMethod;
import io.quotegate.client.Admission;
import io.quotegate.client.Client;
import io.quotegate.client.ClientGate;
import io.quotegate.client.RateState;
import io.quotegate.client.RequestKind;
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
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The common reads, answered on Reactor Netty ahead of Spring's adapter: a {@code GET} of a feed that
 * has been served ({@code /fx}, {@code /fx?symbols=EUR/USD}), by a caller with an {@code X-API-Key} or
 * without a key when the anonymous tier has no limits (the shipped {@code open} tier); and a feed's
 * stream ({@code /fx/stream}) by a caller without a key. Never with an {@code Origin} when CORS is on.
 * Such a request needs little of Spring's filters: CORS has nothing to answer, the admin guard nothing
 * to guard, and the client plan's decision is one {@link ClientGate} call, made here as
 * {@link ClientFilter} makes it. Spring's adapter (a URI parse, the exchange, the observation context,
 * five filters) cost about as much as the read itself, and a stream's exchange and filter chain lived as
 * long as the connection. Translation only: the answer is {@link FeedAnswers}', the frames the
 * {@link Broadcaster}'s, the writes {@link DirectWrites}'.
 *
 * <p>Everything else goes to Spring's adapter, as it did before: another method or path, an
 * {@code Origin} with CORS on, {@code ?api_key=}, a query other than a plain {@code symbols=} (escapes,
 * other parameters), a feed not served yet (its 503), an unknown symbol (its 400; a keyed one before it
 * is admitted), keyed and combined streams, and any request to the management server.
 */
@Component
class DirectReads implements NettyRouteProvider, ApplicationListener<ReactiveWebServerInitializedEvent> {

    private static final String SYMBOLS = "symbols=";

    private final FeedAnswers answers;
    private final StreamReads streams;
    private final Broadcaster broadcaster;
    private final ClientGate gate;
    private final JsonMapper json;
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
            JsonMapper json,
            HttpProperties properties,
            ObjectProvider<HttpHandler> springHandler,
            ApplicationContext context) {
        this.answers = answers;
        this.streams = streams;
        this.broadcaster = broadcaster;
        this.gate = gate;
        this.json = json;
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
        if (request.method() != HttpMethod.GET || !publicServer(request)) {
            return false;
        }
        io.netty.handler.codec.http.HttpHeaders headers = request.requestHeaders();
        if (cors && headers.contains(HttpHeaders.ORIGIN)) {
            return false;
        }
        boolean keyed = headers.contains(ClientReplies.API_KEY_HEADER);
        if (!keyed && !gate.anonymousFree()) {
            return false;
        }
        String uri = request.uri();
        int q = uri.indexOf('?');
        if (q < 0) {
            FeedAnswers.Reader reader = answers.reader(uri);
            // A keyed stream stays Spring's: its lease, its warnings, its counted events.
            return reader != null ? reader.served() : !keyed && streams.feedOf(uri) != null;
        }
        FeedAnswers.Reader reader = answers.reader(uri.substring(0, q));
        // A keyed read is admitted before it is answered, so the answer must not be a 400 then.
        return reader != null
                && reader.served()
                && plainSymbols(uri, q + 1)
                && (!keyed || reader.accepts(uri.substring(q + 1 + SYMBOLS.length())));
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
        String asked = q < 0 ? null : uri.substring(q + 1 + SYMBOLS.length());
        String key = request.requestHeaders().get(ClientReplies.API_KEY_HEADER);
        if (key != null) {
            return gate.admit(key, ClientFilter.address(request.remoteAddress()), RequestKind.REQUEST)
                    .flatMap(a -> a.allowed()
                            ? admitted(request, response, reader, asked, a)
                            : DirectWrites.refused(response, ClientReplies.refused(a, json)));
        }
        FeedAnswers.Answer answer;
        try {
            answer = answer(request, reader, asked);
        } catch (ApiException e) {
            return spring().apply(request, response); // an unknown symbol: its JSON 400 is Spring's to write
        }
        gate.admittedFree();
        return DirectWrites.answer(response, answer, answers.vary());
    }

    private FeedAnswers.Answer answer(HttpServerRequest request, FeedAnswers.Reader reader, @Nullable String asked) {
        io.netty.handler.codec.http.HttpHeaders in = request.requestHeaders();
        return reader.answer(
                asked, FeedAnswers.acceptsGzip(in.get(HttpHeaders.ACCEPT_ENCODING)), in.get(HttpHeaders.IF_NONE_MATCH));
    }

    /** A keyed read, admitted: the rate headers, the answer, and what it served counted for the client. */
    private Mono<Void> admitted(
            HttpServerRequest request,
            HttpServerResponse response,
            FeedAnswers.Reader reader,
            @Nullable String asked,
            Admission admission) {
        FeedAnswers.Answer answer = answer(request, reader, asked);
        RateState rate = admission.rate();
        if (rate != null) {
            ClientReplies.rateHeaders(response::header, rate, rate.resetSeconds());
        }
        Client client = admission.client();
        byte[] body = answer.body();
        return DirectWrites.answer(response, answer, answers.vary()).doFinally(signal -> {
            admission.release();
            if (client != null) {
                gate.served(
                        client,
                        answer.notModified() ? 0 : 1,
                        body != null && signal == SignalType.ON_COMPLETE ? body.length : 0);
            }
        });
    }

    private Publisher<Void> stream(HttpServerRequest request, HttpServerResponse response, String path) {
        String feed = streams.feedOf(path);
        if (feed == null) {
            return spring().apply(request, response);
        }
        gate.admittedFree();
        Long lastEventId = StreamReads.parseVersion(request.requestHeaders().get(StreamReads.LAST_EVENT_ID));
        return DirectWrites.stream(
                response,
                broadcaster.stream(
                        feed,
                        lastEventId,
                        response instanceof Connection c ? c.channel().eventLoop() : null));
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
