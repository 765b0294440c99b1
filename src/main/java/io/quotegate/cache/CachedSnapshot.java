package io.quotegate.cache;

import io.quotegate.model.Snapshot;
import java.nio.charset.StandardCharsets;

/**
 * One version of a feed as readers get it: the snapshot, its JSON bytes (serialised once and shared
 * by every reader) and whether it is served fresh or stale. The SSE frames of this version are
 * encoded at most once each, on first use.
 */
public final class CachedSnapshot {

    private final Snapshot snapshot;
    private final byte[] json;
    private volatile byte[] snapshotFrame;
    private volatile byte[] updateFrame;

    CachedSnapshot(Snapshot snapshot, byte[] json) {
        this.snapshot = snapshot;
        this.json = json;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public long version() {
        return snapshot.version();
    }

    public boolean stale() {
        return snapshot.stale();
    }

    /** The JSON body. Shared: callers must not modify it. */
    public byte[] json() {
        return json;
    }

    /** Strong validator: changes with the version and with the fresh/stale flag. */
    public String etag() {
        return "\"" + snapshot.feed() + "-" + snapshot.version() + (snapshot.stale() ? "-stale" : "") + "\"";
    }

    /** The SSE frame of this version under the given event name, with {@code id} = version. */
    public byte[] frame(String event) {
        if (event.equals("snapshot")) {
            byte[] f = snapshotFrame;
            if (f == null) {
                snapshotFrame = f = encode(event, Long.toString(version()), json);
            }
            return f;
        }
        byte[] f = updateFrame;
        if (f == null) {
            updateFrame = f = encode(event, Long.toString(version()), json);
        }
        return f;
    }

    /** An SSE frame; the JSON is single-line (Jackson escapes newlines inside strings). */
    public static byte[] encode(String event, String id, byte[] json) {
        byte[] head = ("id: " + id + "\nevent: " + event + "\ndata: ").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(json, 0, out, head.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }
}
