package io.quotegate.stream;

import io.quotegate.cache.CachedSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The two frames of one version of a feed, {@code snapshot} (what a new connection gets first) and
 * {@code update} (what every connection gets next), each encoded at most once and then shared: a
 * fan-out writes the same array to every connection (and {@code web/ChunkedFrames} chunk-encodes it
 * once per event loop by that identity).
 */
final class VersionFrames {

    final CachedSnapshot version;
    private volatile @Nullable Frame snapshot;
    private volatile @Nullable Frame update;

    VersionFrames(CachedSnapshot version) {
        this.version = version;
    }

    Frame snapshot() {
        Frame f = snapshot;
        if (f == null) {
            snapshot = f = Sse.data("snapshot", Long.toString(version.version()), version.json());
        }
        return f;
    }

    Frame update() {
        Frame f = update;
        if (f == null) {
            update = f = Sse.data("update", Long.toString(version.version()), version.json());
        }
        return f;
    }
}
