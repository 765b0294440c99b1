package io.quotegate.web;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.cache.SnapshotStore;
import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.model.Snapshot;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.model.SlotSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /{feed}}: the current snapshot from the store (never a provider call). The whole feed is
 * served from bytes serialised once per version; {@code ?symbols=} narrows it. ETag changes with the
 * version, {@code If-None-Match} answers 304, and max-age runs to the feed's next slot.
 */
@RestController
class FeedController {

    private final FeedCatalog feeds;
    private final SnapshotStore store;
    private final SlotSchedule schedule;
    private final Clock clock;
    private final JsonMapper json;
    private final ProviderRegistry providers;

    FeedController(FeedCatalog feeds, SnapshotStore store, SlotSchedule schedule, Clock clock, JsonMapper json,
                   ProviderRegistry providers) {
        this.providers = providers;
        this.feeds = feeds;
        this.store = store;
        this.schedule = schedule;
        this.clock = clock;
        this.json = json;
    }

    @GetMapping("/{feed}")
    ResponseEntity<byte[]> feed(@PathVariable String feed, @RequestParam(required = false) String symbols,
                                @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        Feed f = feeds.find(feed).orElseThrow(() -> ApiException.unknownFeed(feed, feeds.names()));
        Instant now = clock.instant();
        Duration untilNext = Duration.between(now, schedule.next(f.slots(), now));
        CachedSnapshot current = store.read(feed).orElseThrow(() -> f.chain().stream().noneMatch(providers::isEnabled)
                ? ApiException.unavailable(feed, String.join("; ", f.chain().stream()
                        .map(p -> p + ": " + providers.disabledReason(p).orElse("disabled")).toList()))
                : ApiException.notReady(feed, untilNext.compareTo(Duration.ofSeconds(5)) < 0 ? untilNext : Duration.ofSeconds(5)));
        String etag;
        byte[] body;
        if (symbols == null) {
            etag = current.etag();
            body = current.json();
        } else {
            Set<String> wanted = wanted(f, symbols);
            etag = "W/" + current.etag().substring(0, current.etag().length() - 1) + "-" + Integer.toHexString(wanted.hashCode()) + "\"";
            body = null;
            if (!matches(ifNoneMatch, etag)) {
                Snapshot narrowed = current.snapshot().only(wanted);
                body = json.writeValueAsBytes(narrowed);
            }
        }
        String cacheControl = "public, max-age=" + Math.max(0, untilNext.toSeconds());
        if (matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).eTag(etag)
                .header(HttpHeaders.CACHE_CONTROL, cacheControl).body(body);
    }

    /** The requested symbols; a 400 names any the feed does not have. */
    static Set<String> wanted(Feed feed, String symbols) {
        List<String> asked = Arrays.stream(symbols.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (asked.isEmpty()) {
            throw ApiException.badRequest("bad_symbols", "symbols is empty; pass a comma-separated list such as ?symbols="
                    + feed.symbols().get(0));
        }
        List<String> unknown = asked.stream().filter(s -> !feed.symbolSet().contains(s)).toList();
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("unknown_symbol", "Feed '" + feed.name() + "' has no symbol " + String.join(", ", unknown)
                    + "; its symbols are " + feed.symbols() + ".");
        }
        return new LinkedHashSet<>(asked);
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals(bare) || (c.startsWith("W/") && c.substring(2).equals(bare))) {
                return true;
            }
        }
        return false;
    }
}
