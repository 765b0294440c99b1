package io.quotegate.cache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Who hears of a store's new versions ({@link SnapshotStore#onVersion}); one failing listener stops nobody. */
final class VersionListeners {

    private static final Logger log = LoggerFactory.getLogger(VersionListeners.class);

    private final List<Consumer<CachedSnapshot>> listeners = new CopyOnWriteArrayList<>();

    void add(Consumer<CachedSnapshot> listener) {
        listeners.add(listener);
    }

    void announce(CachedSnapshot version) {
        for (Consumer<CachedSnapshot> l : listeners) {
            try {
                l.accept(version);
            } catch (RuntimeException e) {
                log.warn(
                        "A snapshot listener failed on {} v{}: {}",
                        version.snapshot().feed(),
                        version.version(),
                        e.toString());
            }
        }
    }
}
