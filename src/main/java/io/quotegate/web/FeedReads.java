package io.quotegate.web;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.CachedSnapshot.Representation;
import io.quotegate.cache.SnapshotStore;
import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.model.SlotSchedule;
import io.quotegate.provider.ProviderRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code GET /{feed}} and {@code HEAD /{feed}}: the read path, a lookup and a write. It runs as the first
 * web filter, ahead of the dispatcher and the annotated controllers, because a read needs none of
 * their machinery: everything the answer needs is prepared once per version by the store
 * ({@link CachedSnapshot}: ETag, JSON, gzip, narrowed bodies) and once per slot here (the next slot
 * time, the {@code Cache-Control} value per remaining second). Per request: one store read, one
 * {@code If-None-Match} check, a few header writes, one buffer wrap.
 *
 * <p>Anything else (another method, another path, an unknown feed) goes down the chain to the
 * controllers, so 404, 405 and the JSON errors stay where they were.
 */
@Component
class FeedReads implements WebFilter, Ordered {

    static final String JSON = "application/json";
    private static final int PARSED_KEPT = 256;
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);

    private final Map<String, Reader> byPath = new HashMap<>();
    private final Clock clock;
    private final ProviderRegistry providers;

    FeedReads(FeedCatalog feeds, SnapshotStore store, SlotSchedule schedule, Clock clock, ProviderRegistry providers) {
        this.clock = clock;
        this.providers = providers;
        for (Feed f : feeds.all()) {
            byPath.put("/" + f.name(), new Reader(f, store, schedule.nextSlot(f.slots())));
        }
    }

    /** The paths this filter answers: {@code /fx}, {@code /indices}, ... */
    Set<String> paths() {
        return byPath.keySet();
    }

    @Override
    public int getOrder() {
        return FilterOrder.FEED_READS;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return chain.filter(exchange);
        }
        Reader reader = byPath.get(request.getPath().value());
        if (reader == null) {
            return chain.filter(exchange);
        }
        try {
            return reader.read(request, exchange.getResponse());
        } catch (ApiException e) {
            return Mono.error(e);
        }
    }

    /** One feed's read path, with what it caches per slot and per symbol list. */
    private final class Reader {

        private final Feed feed;
        private final Set<String> symbols;
        private final SnapshotStore store;
        private final SlotSchedule.NextSlot next;
        private final Map<String, Set<String>> parsed = new ConcurrentHashMap<>();
        private volatile MaxAge maxAge = new MaxAge(-1, "");

        Reader(Feed feed, SnapshotStore store, SlotSchedule.NextSlot next) {
            this.feed = feed;
            this.symbols = Set.copyOf(feed.symbols());
            this.store = store;
            this.next = next;
        }

        Mono<Void> read(ServerHttpRequest request, ServerHttpResponse response) {
            long now = clock.millis();
            Optional<CachedSnapshot> read = store.read(feed.name());
            if (read.isEmpty()) {
                throw unavailable(now);
            }
            CachedSnapshot current = read.get();
            String asked = request.getURI().getRawQuery() == null
                    ? null
                    : request.getQueryParams().getFirst("symbols");
            Representation body = asked == null ? current.full() : current.narrowed(wanted(asked));
            HttpHeaders in = request.getHeaders();
            boolean gzip = acceptsGzip(in.getFirst(HttpHeaders.ACCEPT_ENCODING));
            String ifNoneMatch = in.getFirst(HttpHeaders.IF_NONE_MATCH);
            HttpHeaders out = response.getHeaders();
            out.set(HttpHeaders.ETAG, body.etag());
            out.set(HttpHeaders.CACHE_CONTROL, cacheControl(now));
            out.set(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
            if (EntityTags.matches(ifNoneMatch, body.etag())) {
                response.setStatusCode(HttpStatus.NOT_MODIFIED);
                return response.setComplete();
            }
            byte[] bytes = gzip ? body.gzip() : body.json();
            response.setStatusCode(HttpStatus.OK);
            out.set(HttpHeaders.CONTENT_TYPE, JSON);
            if (gzip) {
                out.set(HttpHeaders.CONTENT_ENCODING, "gzip");
            }
            out.setContentLength(bytes.length);
            return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
        }

        private String cacheControl(long now) {
            long seconds = next.secondsUntil(now);
            MaxAge m = maxAge;
            if (m.seconds != seconds) {
                maxAge = m = new MaxAge(seconds, "public, max-age=" + seconds);
            }
            return m.value;
        }

        /** The requested symbols; a 400 names any the feed does not have. Parsed once per distinct list. */
        private Set<String> wanted(String asked) {
            Set<String> known = parsed.get(asked);
            if (known != null) {
                return known;
            }
            Set<String> set = parse(feed, symbols, asked);
            if (parsed.size() < PARSED_KEPT) {
                parsed.put(asked, set);
            }
            return set;
        }

        private ApiException unavailable(long now) {
            if (feed.chain().stream().noneMatch(providers::isEnabled)) {
                List<String> why = new ArrayList<>();
                for (String p : feed.chain()) {
                    why.add(p + ": " + providers.disabledReason(p).orElse("disabled"));
                }
                return ApiException.unavailable(feed.name(), String.join("; ", why));
            }
            Duration untilNext = Duration.ofMillis(
                    Math.max(0, next.after(java.time.Instant.ofEpochMilli(now)).toEpochMilli() - now));
            return ApiException.notReady(
                    feed.name(), untilNext.compareTo(MAX_RETRY_AFTER) < 0 ? untilNext : MAX_RETRY_AFTER);
        }
    }

    private record MaxAge(long seconds, String value) {}

    /** The requested symbols in request order; a 400 names any the feed does not have. */
    static Set<String> parse(Feed feed, Set<String> known, String asked) {
        Set<String> wanted = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String part : asked.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (known.contains(s)) {
                wanted.add(s);
            } else {
                unknown.add(s);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest(
                    "unknown_symbol",
                    "Feed '" + feed.name() + "' has no symbol " + String.join(", ", unknown) + "; its symbols are "
                            + feed.symbols() + ".");
        }
        if (wanted.isEmpty()) {
            throw ApiException.badRequest(
                    "bad_symbols",
                    "symbols is empty; pass a comma-separated list such as ?symbols="
                            + feed.symbols().get(0));
        }
        return Set.copyOf(wanted);
    }

    /** Whether {@code Accept-Encoding} lists gzip (or *) without {@code q=0}. */
    static boolean acceptsGzip(@Nullable String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String p = part.trim();
            int semi = p.indexOf(';');
            String coding = (semi < 0 ? p : p.substring(0, semi)).trim();
            if (coding.equalsIgnoreCase("gzip") || coding.equals("*")) {
                return semi < 0 || !p.substring(semi + 1).replace(" ", "").matches("q=0(\\.0*)?");
            }
        }
        return false;
    }
}
