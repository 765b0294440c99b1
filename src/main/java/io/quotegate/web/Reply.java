package io.quotegate.web;

import io.quotegate.stream.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * What the {@link ReadContract} decided for one request, for a server path to write as it is: the
 * status, the headers in order, and the body (bytes, or a stream's frames, or nothing for a
 * {@code 304} or a {@code HEAD}). A writer calls {@link #written(boolean)} once the body is out (or
 * failed): what the reply bills is decided here, not by the writer. A stream bills frame by frame, as
 * its frames go out.
 */
final class Reply {

    /** Told what was written: whether the whole body went out. */
    interface Billing {
        Billing NONE = complete -> {};

        void written(boolean complete);
    }

    private final int status;
    private final List<String> headers = new ArrayList<>(24);
    private byte @Nullable [] body;
    private @Nullable Flux<Frame> frames;
    private Billing billing = Billing.NONE;

    Reply(int status) {
        this.status = status;
    }

    Reply header(String name, String value) {
        headers.add(name);
        headers.add(value);
        return this;
    }

    Reply body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    Reply frames(Flux<Frame> frames) {
        this.frames = frames;
        return this;
    }

    Reply billing(Billing billing) {
        this.billing = billing;
        return this;
    }

    int status() {
        return status;
    }

    /** Each header, in the order decided. */
    void headers(BiConsumer<String, String> to) {
        for (int i = 0; i < headers.size(); i += 2) {
            to.accept(headers.get(i), headers.get(i + 1));
        }
    }

    /** The body to write, or null: none (a 304, a HEAD, a stream). */
    byte @Nullable [] body() {
        return body;
    }

    /** A stream's frames, or null when this is no stream (or the stream's HEAD). */
    @Nullable
    Flux<Frame> frames() {
        return frames;
    }

    /** The writer is done: {@code complete} when the whole body went out. Call once. */
    void written(boolean complete) {
        billing.written(complete);
    }
}
