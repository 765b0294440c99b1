package io.quotegate.web;

import io.quotegate.feed.FeedCatalog;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The feed reads themselves are answered by the {@link ReadContract} before the dispatcher; this mapping is
 * what is left of {@code GET /{feed}} for a name that is not a feed: a 404 that lists the feeds
 * (rather than the generic "no such resource"), and a 405 with {@code Allow} for other methods on a feed.
 */
@RestController
class FeedController {

    private final FeedCatalog feeds;

    FeedController(FeedCatalog feeds) {
        this.feeds = feeds;
    }

    @GetMapping("/{feed}")
    void feed(@PathVariable String feed) {
        throw ApiException.unknownFeed(feed, feeds.names());
    }
}
