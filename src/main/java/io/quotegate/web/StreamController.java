package io.quotegate.web;

import io.quotegate.feed.FeedCatalog;
import io.quotegate.stream.Broadcaster;
import io.quotegate.stream.EventIds;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Server-Sent Events: {@code /{feed}/stream} and {@code /stream?feeds=a,b}. Frames come pre-encoded
 * from the {@link Broadcaster}; each is written and flushed on its own so a ribbon moves at once.
 */
@RestController
class StreamController {

    private final FeedCatalog feeds;
    private final Broadcaster broadcaster;

    StreamController(FeedCatalog feeds, Broadcaster broadcaster) {
        this.feeds = feeds;
        this.broadcaster = broadcaster;
    }

    @GetMapping("/{feed}/stream")
    Mono<Void> stream(@PathVariable String feed, @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                      ServerHttpResponse response) {
        feeds.find(feed).orElseThrow(() -> ApiException.unknownFeed(feed, feeds.names()));
        return write(response, broadcaster.stream(feed, parseVersion(lastEventId)));
    }

    @GetMapping("/stream")
    Mono<Void> combined(@RequestParam(required = false) String feeds,
                        @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId,
                        ServerHttpResponse response) {
        if (feeds == null || feeds.isBlank()) {
            throw ApiException.badRequest("bad_feeds", "Pass the feeds to combine, e.g. /stream?feeds=fx,crypto; feeds are "
                    + this.feeds.names() + ".");
        }
        List<String> asked = List.copyOf(new LinkedHashSet<>(Arrays.stream(feeds.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList()));
        List<String> unknown = asked.stream().filter(f -> this.feeds.find(f).isEmpty()).toList();
        if (!unknown.isEmpty() || asked.isEmpty()) {
            throw ApiException.badRequest("unknown_feed", "No feed " + String.join(", ", unknown) + "; feeds are "
                    + this.feeds.names() + ".");
        }
        return write(response, broadcaster.combined(asked, EventIds.parse(lastEventId)));
    }

    private static Mono<Void> write(ServerHttpResponse response, Flux<byte[]> frames) {
        response.getHeaders().setContentType(MediaType.TEXT_EVENT_STREAM);
        response.getHeaders().setCacheControl("no-cache");
        response.getHeaders().set("X-Accel-Buffering", "no");
        // Client plans (issue 11): counts messages and merges the caller's `warning` events in.
        Flux<byte[]> keyed = ClientFilter.stream(response, frames);
        return response.writeAndFlushWith(keyed.map(bytes -> Mono.just(response.bufferFactory().wrap(bytes))));
    }

    private static Long parseVersion(String lastEventId) {
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
