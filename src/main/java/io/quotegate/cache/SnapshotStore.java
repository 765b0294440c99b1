package io.quotegate.cache;

import io.quotegate.model.Snapshot;
import java.util.Optional;

/**
 * Where snapshots live between refreshes. A read never calls a provider. After the feed's TTL a read
 * returns the last snapshot marked stale: a feed is never empty after its first success.
 * In-process: {@link CaffeineSnapshotStore}; a Redis store for several replicas comes later.
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
}
