package io.quotegate.web;

import io.quotegate.feed.FeedCatalog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The streams themselves are answered by the {@link ReadContract} before the dispatcher; this mapping is
 * what is left of {@code GET /{feed}/stream} for a name that is not a feed: a 404 that lists the feeds.
 */
@RestController
class StreamController {

    private final FeedCatalog feeds;

    StreamController(FeedCatalog feeds) {
        this.feeds = feeds;
    }

    @GetMapping("/{feed}/stream")
    void stream(@PathVariable String feed) {
        throw ApiException.unknownFeed(feed, feeds.names());
    }
}
