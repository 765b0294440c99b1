package io.quotegate.stream;

/**
 * One Server-Sent Events frame as it goes on the wire, typed by what it is, so that whoever counts or
 * writes frames never reads their bytes: a {@link Kind#DATA} event ({@code snapshot} or {@code update})
 * is a client's message; a {@code warning} event, the {@code retry:} field and a comment heartbeat are
 * not. The bytes of a version's frames are encoded once and shared by every connection: do not modify them.
 *
 * @param kind  what the frame is
 * @param bytes the frame, ending with the blank line that ends an SSE event
 */
public record Frame(Kind kind, byte[] bytes) {

    /** What a frame is, to those who count and bill frames. */
    public enum Kind {
        /** An event carrying a feed's data: {@code snapshot} or {@code update}. A message. */
        DATA,
        /** An event {@code warning} about the client's own limits. Not a message. */
        WARNING,
        /** The {@code retry:} field that opens every stream. Not a message. */
        RETRY,
        /** A comment line ({@code : heartbeat}). Not a message. */
        COMMENT
    }

    /** Whether this frame counts as one message of the client's plan. */
    public boolean message() {
        return kind == Kind.DATA;
    }

    /** The frame's size on the wire, in bytes. */
    public int length() {
        return bytes.length;
    }
}
