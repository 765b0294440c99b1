package io.quotegate.web;

import io.quotegate.client.Admission;
import io.quotegate.client.Client;
import io.quotegate.client.ClientGate;
import io.quotegate.client.RateState;
import io.quotegate.client.RequestKind;
import io.quotegate.client.Warning;
import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.stream.Broadcaster;
import io.quotegate.stream.EventIds;
import io.quotegate.stream.Frame;
import io.quotegate.stream.Sse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The read contract, in one place: for a feed read ({@code GET|HEAD /{feed}}), a feed's stream
 * ({@code /{feed}/stream}) and a combined stream ({@code /stream?feeds=a,b}), the status, every header
 * (validators, caching, {@code Vary}, CORS, the rate-limit fields), the body or the stream's frames,
 * every refusal, and what the client is billed. Both server paths only translate: {@link DirectReads}
 * (Reactor Netty, ahead of Spring's adapter; a feed read on its connection, {@link ChannelReads}) and
 * {@link ReadFilter} (Spring's first web filter) build a {@link ReadRequest} and write the {@link Reply}
 * as it is, so they cannot disagree.
 *
 * <p>In order: the origin (a refused one is a {@code 403}, never admitted), the client plan (a refusal is
 * its {@code 401} or {@code 429}), then the answer: a feed's {@code 200}/{@code 304} or its {@code
 * 400}/{@code 503}, or a stream. Billing: a {@code 200} with a body is one message; a stream's data
 * events are one message each ({@link Frame#message()}); every body byte is counted, before the reply is written; refusals count nothing.
 */
@Component
class ReadContract {

    private static final Logger log = LoggerFactory.getLogger(ReadContract.class);

    static final String NEXT_REFRESH_AT = "Next-Refresh-At";
    private static final String COMBINED = "/stream";

    private final FeedAnswers answers;
    private final Broadcaster broadcaster;
    private final FeedCatalog feeds;
    private final ClientGate gate;
    private final CorsPolicy cors;
    private final JsonMapper json;
    private final Map<String, String> streamFeeds = new HashMap<>();
    private final Set<String> paths = new LinkedHashSet<>();
    private final String readVary;

    ReadContract(
            FeedAnswers answers,
            Broadcaster broadcaster,
            FeedCatalog feeds,
            ClientGate gate,
            CorsPolicy cors,
            JsonMapper json) {
        this.answers = answers;
        this.broadcaster = broadcaster;
        this.feeds = feeds;
        this.gate = gate;
        this.cors = cors;
        this.json = json;
        for (Feed f : feeds.all()) {
            streamFeeds.put("/" + f.name() + "/stream", f.name());
        }
        paths.addAll(answers.paths());
        paths.addAll(streamFeeds.keySet());
        paths.add(COMBINED);
        // With CORS on, a read with an Origin carries Access-Control-Allow-Origin and one without does not:
        // a shared cache must not hand one to the other.
        this.readVary = cors.on() ? "Origin, Accept-Encoding" : "Accept-Encoding";
    }

    /** The paths answered here, for {@code GET} and {@code HEAD}. */
    Set<String> paths() {
        return paths;
    }

    /** Whether {@code path} is one this contract answers (a routing decision: nothing is looked up). */
    boolean answers(String path) {
        return paths.contains(path);
    }

    /** Whether {@code path} is a feed read's (not a stream's): a routing decision, nothing is looked up. */
    boolean reads(String path) {
        return answers.paths().contains(path);
    }

    /** The reply to a request for one of {@link #paths()}. Never fails: every refusal is a reply. */
    Mono<Reply> reply(ReadRequest request) {
        if (cors.refuses(request.origin(), request.host())) {
            return Mono.just(error(CorsPolicy.refusal(String.valueOf(request.origin())), null, null));
        }
        String allowOrigin = cors.allowOrigin(request.origin());
        boolean stream = !answers.paths().contains(request.path());
        if (request.apiKey() == null && gate.anonymousFree()) {
            gate.admittedFree(); // all that an admission does for such a caller
            return Mono.just(answer(request, allowOrigin, null));
        }
        return gate.admit(request.apiKey(), request.address(), stream ? RequestKind.STREAM : RequestKind.REQUEST)
                .flatMap(a -> {
                    if (!a.allowed()) {
                        return Mono.just(refused(a, allowOrigin));
                    }
                    Reply reply = answer(request, allowOrigin, a);
                    return reply.counted().thenReturn(reply);
                })
                .onErrorResume(e -> {
                    // A defect: the client plans answer even while Redis is away. Still a JSON reply, never a
                    // connection closed without one.
                    log.error("Unexpected error deciding {} {}", request.head() ? "HEAD" : "GET", request.path(), e);
                    return Mono.just(error(ApiException.internal(), allowOrigin, null));
                });
    }

    private Reply answer(ReadRequest request, @Nullable String allowOrigin, @Nullable Admission admission) {
        FeedAnswers.Reader reader = answers.reader(request.path());
        try {
            return reader != null
                    ? read(reader, request, allowOrigin, admission)
                    : stream(request, allowOrigin, admission);
        } catch (ApiException e) {
            return error(e, allowOrigin, admission);
        }
    }

    private Reply read(
            FeedAnswers.Reader reader,
            ReadRequest request,
            @Nullable String allowOrigin,
            @Nullable Admission admission) {
        FeedAnswers.Answer a = reader.answer(
                request.symbols(), FeedAnswers.acceptsGzip(request.acceptEncoding()), request.ifNoneMatch());
        Reply reply = new Reply(a.status())
                .header(HttpHeaders.ETAG, a.etag())
                .header(HttpHeaders.CACHE_CONTROL, a.cacheControl())
                .header(NEXT_REFRESH_AT, a.nextRefreshAt())
                .header(HttpHeaders.VARY, readVary);
        common(reply, allowOrigin, admission);
        byte[] body = a.body();
        if (body == null) {
            return billing(reply, admission, 0, 0);
        }
        reply.header(HttpHeaders.CONTENT_TYPE, FeedAnswers.JSON);
        if (a.gzip()) {
            reply.header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        reply.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length));
        if (request.head()) {
            return billing(reply, admission, 0, 0); // a HEAD sends no body: no message, no bytes
        }
        return billing(reply.body(body), admission, 1, body.length);
    }

    private Reply stream(ReadRequest request, @Nullable String allowOrigin, @Nullable Admission admission) {
        Flux<Frame> frames;
        String feed = streamFeeds.get(request.path());
        if (feed != null) {
            frames = broadcaster.stream(feed, EventIds.version(request.lastEventId()), request.lane());
        } else {
            frames = broadcaster.combined(
                    combined(request.feeds()), EventIds.parse(request.lastEventId()), request.lane());
        }
        Reply reply = new Reply(200)
                .header(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no"); // no buffering in a proxy such as nginx
        if (cors.on()) {
            reply.header(HttpHeaders.VARY, "Origin");
        }
        common(reply, allowOrigin, admission);
        if (request.head()) {
            return billing(reply, admission, 0, 0); // releases the lease
        }
        return reply.frames(billed(frames, admission));
    }

    /**
     * A stream's frames: {@code retry:} first, then the client's pending warnings, then the feed's events
     * with the client's warnings merged in as they are raised. Each frame is billed as it goes out (data
     * events are messages), the stream ends after a warning that a monthly limit has run out, and the
     * lease is released when the stream ends however it ends. Prefetch 1, as the broadcaster's own
     * delivery: nothing queues on a slow client's behalf.
     */
    private Flux<Frame> billed(Flux<Frame> frames, @Nullable Admission admission) {
        Client client = admission == null ? null : admission.client();
        if (admission == null || client == null || (!client.keyed() && !client.limited())) {
            return frames.startWith(Sse.RETRY);
        }
        List<Frame> opening = new ArrayList<>();
        opening.add(Sse.RETRY);
        admission.warnings().forEach(w -> opening.add(warning(w)));
        Flux<Sent> live = Flux.merge(
                1,
                frames.map(f -> new Sent(f, false)),
                gate.warnings(client).map(w -> new Sent(warning(w), w.endsStream())));
        return Flux.fromIterable(opening)
                .map(f -> new Sent(f, false))
                .concatWith(live)
                .doOnNext(s -> gate.served(
                        client, s.frame().message() ? 1 : 0, s.frame().length()))
                .takeUntil(Sent::last)
                .map(Sent::frame)
                .doFinally(signal -> admission.release());
    }

    /** A frame and whether the stream ends after it. */
    private record Sent(Frame frame, boolean last) {}

    private Frame warning(Warning w) {
        return Sse.warning(json.writeValueAsBytes(w));
    }

    /** The feeds of {@code /stream?feeds=a,b}, in order without duplicates; a 400 names unknown ones. */
    private List<String> combined(@Nullable String asked) {
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

    /** The headers every admitted reply carries: CORS, then the client's rate-limit fields. */
    private void common(Reply reply, @Nullable String allowOrigin, @Nullable Admission admission) {
        if (allowOrigin != null) {
            reply.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin)
                    .header(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, cors.exposed());
        }
        RateState rate = admission == null ? null : admission.rate();
        if (rate != null) {
            ClientReplies.rateHeaders(reply::header, rate, rate.resetSeconds());
        }
    }

    /** A JSON error of the contract (400, 403, 503), with its {@code Retry-After}, billed as bytes. */
    private Reply error(ApiException e, @Nullable String allowOrigin, @Nullable Admission admission) {
        byte[] body = ErrorBody.of(json, e.code(), String.valueOf(e.getMessage()));
        Reply reply = new Reply(e.status().value());
        if (cors.on()) {
            reply.header(HttpHeaders.VARY, "Origin");
        }
        common(reply, allowOrigin, admission);
        Duration retryAfter = e.retryAfter();
        if (retryAfter != null) {
            reply.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }
        reply.header(HttpHeaders.CONTENT_TYPE, ErrorBody.JSON)
                .header(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length))
                .body(body);
        return billing(reply, admission, 0, body.length);
    }

    /** A client plan's refusal: {@code 401} or {@code 429}, as {@link ClientReplies} words it. */
    private Reply refused(Admission admission, @Nullable String allowOrigin) {
        ClientReplies.Refused refused = ClientReplies.refused(admission, json);
        Reply reply = new Reply(refused.status());
        if (cors.on()) {
            reply.header(HttpHeaders.VARY, "Origin");
        }
        if (allowOrigin != null) {
            reply.header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin)
                    .header(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS, cors.exposed());
        }
        refused.headers().forEach(reply::header);
        return reply.header(HttpHeaders.CONTENT_LENGTH, Integer.toString(refused.body().length))
                .body(refused.body());
    }

    /**
     * Bills {@code reply}: what it serves is counted before it goes to the writer (as a stream's frames are
     * counted as they go out), so a client that reads it and asks again at once, maybe on another connection
     * or replica, finds it counted and a run-out monthly limit refuses that next request. A body the
     * connection then drops still counts. The lease, if any, is released once the body is out.
     */
    private Reply billing(Reply reply, @Nullable Admission admission, long messages, long bytes) {
        if (admission == null) {
            return reply;
        }
        Client client = admission.client();
        if (client != null) {
            reply.counted(gate.count(client, messages, bytes));
        }
        return reply.afterWrite(admission::release);
    }
}
