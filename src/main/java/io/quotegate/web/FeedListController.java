package io.quotegate.web;

import io.quotegate.feed.FeedCatalog;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /feeds}: the configured feeds, their symbols and where to read and stream them, so that a
 * page (the ribbon page among them) follows the configuration instead of naming feeds.
 */
@RestController
class FeedListController {

    /** One feed: its name, its symbols in order, its read path and its stream path. */
    record Entry(String name, List<String> symbols, String path, String stream) {}

    /** The answer: the feeds in configured order, and the combined stream of all of them. */
    record FeedList(List<Entry> feeds, String stream) {}

    private final FeedList list;

    FeedListController(FeedCatalog feeds) {
        List<Entry> entries = feeds.all().stream()
                .map(f -> new Entry(f.name(), List.copyOf(f.symbols()), "/" + f.name(), "/" + f.name() + "/stream"))
                .toList();
        this.list = new FeedList(
                entries,
                "/stream?feeds="
                        + String.join(",", entries.stream().map(Entry::name).toList()));
    }

    @GetMapping(path = "/feeds", produces = "application/json")
    FeedList feeds() {
        return list;
    }
}
