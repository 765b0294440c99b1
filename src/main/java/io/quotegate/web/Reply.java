package io.quotegate.web;

import io.quotegate.stream.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the {@link ReadContract} decided for one request, for a server path to write as it is: the
 * status, the headers in order, and the body (bytes, or a stream's frames, or nothing for a
 * {@code 304} or a {@code HEAD}). A writer calls {@link #written()} once the body is out (or
 * failed). What the reply bills was counted before a writer got it ({@link #counted()}), not by the
 * writer; a stream bills frame by frame, as its frames go out.
 */
final class Reply {

    /** What is done once the body is out or failed: a stream lease released. */
    interface AfterWrite {
        AfterWrite NONE = () -> {};

        void written();
    }

    private final int status;
    private final List<String> headers = new ArrayList<>(24);
    private byte @Nullable [] body;
    private @Nullable Flux<Frame> frames;
    private AfterWrite afterWrite = AfterWrite.NONE;
    private Mono<Void> counted = Mono.empty();

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

    Reply afterWrite(AfterWrite afterWrite) {
        this.afterWrite = afterWrite;
        return this;
    }

    /** What the contract waits for before it hands this reply to a writer: its billing counted. */
    Reply counted(Mono<Void> counting) {
        this.counted = counting;
        return this;
    }

    Mono<Void> counted() {
        return counted;
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

    /** The writer is done: the body went out, or failed. Call once. */
    void written() {
        afterWrite.written();
    }
}
