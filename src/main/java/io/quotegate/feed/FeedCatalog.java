package io.quotegate.feed;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured feeds, by name, in configuration order. */
public final class FeedCatalog {

    private final Map<String, Feed> feeds = new LinkedHashMap<>();

    public FeedCatalog(Collection<Feed> feeds) {
        feeds.forEach(f -> this.feeds.put(f.name(), f));
    }

    public Optional<Feed> find(String name) {
        return Optional.ofNullable(feeds.get(name));
    }

    public Feed get(String name) {
        Feed f = feeds.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown feed " + name);
        }
        return f;
    }

    public List<Feed> all() {
        return List.copyOf(feeds.values());
    }

    public List<String> names() {
        return List.copyOf(feeds.keySet());
    }
}
