package io.quotegate.stream;

import io.quotegate.cache.CachedSnapshot;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The two frames of one version of a feed, {@code snapshot} (what a new connection gets first) and
 * {@code update} (what every connection gets next), each encoded at most once and then shared: a
 * fan-out writes the same array to every connection (and {@code web/ChunkedFrames} chunk-encodes it
 * once per event loop by that identity). A combined stream's frames carry a version vector as their id,
 * the same for most connections of the same feeds: they are kept per id too, for up to
 * {@link #COMBINED_KEPT} ids per event name.
 */
final class VersionFrames {

    static final int COMBINED_KEPT = 256;

    final CachedSnapshot version;
    private final Map<String, Frame> combinedSnapshots = new ConcurrentHashMap<>();
    private final Map<String, Frame> combinedUpdates = new ConcurrentHashMap<>();
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

    /** This version's frame on a combined stream whose version vector, this one included, is {@code id}. */
    Frame combined(boolean snapshot, String id) {
        Map<String, Frame> kept = snapshot ? combinedSnapshots : combinedUpdates;
        Frame f = kept.get(id);
        if (f != null) {
            return f;
        }
        f = Sse.data(snapshot ? "snapshot" : "update", id, version.json());
        if (kept.size() < COMBINED_KEPT) {
            Frame raced = kept.putIfAbsent(id, f);
            return raced == null ? f : raced;
        }
        return f;
    }
}
