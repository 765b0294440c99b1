package io.quotegate.client;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The answer to opening a stream: granted or not, and how many streams the client has open with it.
 * A granted lease is held until {@link #release()} (the connection closed); releasing twice is harmless.
 */
final class StreamLease {

    private final boolean granted;
    private final int open;
    private final Runnable release;
    private final AtomicBoolean released = new AtomicBoolean();

    StreamLease(boolean granted, int open, Runnable release) {
        this.granted = granted;
        this.open = open;
        this.release = release;
    }

    static StreamLease refused(int open) {
        return new StreamLease(false, open, () -> {});
    }

    public boolean granted() {
        return granted;
    }

    /** Streams open for the client, this one included when granted. */
    public int open() {
        return open;
    }

    public void release() {
        if (granted && released.compareAndSet(false, true)) {
            release.run();
        }
    }
}
