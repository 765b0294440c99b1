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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The feed part of {@code GET /{feed}}, a lookup: everything it needs is prepared once per version by
 * the store ({@link CachedSnapshot}: ETag, JSON, gzip, narrowed bodies) and once per second here (the
 * next slot as {@code Next-Refresh-At}, the {@code Cache-Control} value). Per request: one store read and
 * one {@code If-None-Match} check. No HTTP server types: {@link ReadContract} makes the whole reply of it.
 */
@Component
class FeedAnswers {

    static final String JSON = "application/json";
    private static final int PARSED_KEPT = 256;
    private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(5);

    private final Map<String, Reader> byPath = new HashMap<>();
    private final Clock clock;
    private final ProviderRegistry providers;

    FeedAnswers(
            FeedCatalog feeds, SnapshotStore store, SlotSchedule schedule, Clock clock, ProviderRegistry providers) {
        this.clock = clock;
        this.providers = providers;
        for (Feed f : feeds.all()) {
            byPath.put("/" + f.name(), new Reader(f, store, schedule.nextSlot(f.slots())));
        }
    }

    /** The paths answered here: {@code /fx}, {@code /indices}, ... */
    Set<String> paths() {
        return byPath.keySet();
    }

    /** The reader of a feed's path, or null when the path is not a feed's. */
    @Nullable
    Reader reader(String path) {
        return byPath.get(path);
    }

    /**
     * What one read answers: {@code 200} with {@code body} (gzip bytes when {@code gzip}), or {@code 304}
     * without one; both carry the validator and the caching headers, {@code Cache-Control} and
     * {@code Next-Refresh-At} (the feed's next slot, an ISO-8601 instant).
     */
    record Answer(
            int status, String etag, String cacheControl, String nextRefreshAt, byte @Nullable [] body, boolean gzip) {

        boolean notModified() {
            return status == 304;
        }
    }

    /** One feed's read path, with what it caches per slot and per symbol list. */
    final class Reader {

        private final Feed feed;
        private final Set<String> symbols;
        private final SnapshotStore store;
        private final SlotSchedule.NextSlot next;
        private final Map<String, Set<String>> parsed = new ConcurrentHashMap<>();
        private volatile Timing timing = new Timing(-1, "", "");

        Reader(Feed feed, SnapshotStore store, SlotSchedule.NextSlot next) {
            this.feed = feed;
            this.symbols = Set.copyOf(feed.symbols());
            this.store = store;
            this.next = next;
        }

        /**
         * @param asked       the decoded {@code symbols} parameter, or null for the whole feed
         * @param ifNoneMatch the request's {@code If-None-Match}, or null
         * @throws ApiException 400 for unknown symbols, 503 while the feed has nothing to serve
         */
        Answer answer(@Nullable String asked, boolean gzip, @Nullable String ifNoneMatch) {
            // The symbols first: a 400 reads nothing, so it is not counted as a cache read.
            Set<String> narrowed = asked == null ? null : wanted(asked);
            long now = clock.millis();
            Optional<CachedSnapshot> read = store.read(feed.name());
            if (read.isEmpty()) {
                throw unavailable(now);
            }
            CachedSnapshot current = read.get();
            Representation body = narrowed == null ? current.full() : current.narrowed(narrowed);
            Timing t = timing(now);
            if (EntityTags.matches(ifNoneMatch, body.etag())) {
                return new Answer(304, body.etag(), t.cacheControl, t.nextRefreshAt, null, false);
            }
            return new Answer(
                    200, body.etag(), t.cacheControl, t.nextRefreshAt, gzip ? body.gzip() : body.json(), gzip);
        }

        /** The caching headers at {@code now}: built once per second to the next slot. */
        private Timing timing(long now) {
            long seconds = next.secondsUntil(now);
            Timing t = timing;
            if (t.seconds != seconds) {
                timing = t = new Timing(
                        seconds,
                        "public, max-age=" + seconds,
                        next.after(Instant.ofEpochMilli(now)).toString());
            }
            return t;
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
                    Math.max(0, next.after(Instant.ofEpochMilli(now)).toEpochMilli() - now));
            return ApiException.notReady(
                    feed.name(), untilNext.compareTo(MAX_RETRY_AFTER) < 0 ? untilNext : MAX_RETRY_AFTER);
        }
    }

    private record Timing(long seconds, String cacheControl, String nextRefreshAt) {}

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
