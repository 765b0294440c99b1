package io.quotegate.cache;

import io.quotegate.model.Snapshot;
import java.util.Optional;

/**
 * Where snapshots live between refreshes. A read never calls a provider. After the feed's TTL a read
 * returns the last snapshot marked stale: a feed is never empty after its first success.
 * In-process: {@link CaffeineSnapshotStore}; shared by several replicas: {@link RedisSnapshotStore}.
 */
public interface SnapshotStore {

    /** Stores a new version and returns it as readers will get it. */
    CachedSnapshot put(Snapshot snapshot);

    /** The current version, fresh or marked stale; empty before the feed's first success. Counted as a read. */
    Optional<CachedSnapshot> read(String feed);

    /** Like {@link #read} but not counted as a client read: for the service's own use. */
    Optional<CachedSnapshot> peek(String feed);

    /** The last snapshot whatever its age, not counted as a read: what a refresh merges into. */
    Optional<Snapshot> latest(String feed);

    /**
     * A refresh confirmed the current version: nothing changed, so no new version is made, and its TTL
     * starts again from now. False (and nothing done) when {@code version} is no longer the current one.
     */
    boolean touch(String feed, long version);

    /**
     * Calls {@code listener} with every new version, once it is stored here: the ones this replica
     * {@link #put}s and the ones that arrive from other replicas. The one route by which new versions
     * reach the streams.
     */
    void onVersion(java.util.function.Consumer<CachedSnapshot> listener);

    /**
     * True once the versions other replicas already hold are loaded here (at once for the in-process
     * store). Until then an empty feed does not mean that nobody has it.
     */
    default boolean synced() {
        return true;
    }
}
