package io.quotegate.stream;

import java.nio.charset.StandardCharsets;

/**
 * The SSE wire format, in one place: how an event, the {@code retry:} field and a heartbeat comment are
 * written (WHATWG HTML, "Server-sent events"). Every frame ends with a blank line. Data is one line:
 * the JSON comes from Jackson, which escapes newlines inside strings.
 */
public final class Sse {

    /** The reconnection delay every stream opens with: browsers reconnect after 5 s instead of their default. */
    public static final Frame RETRY = new Frame(Frame.Kind.RETRY, ascii("retry: 5000\n\n"));

    /** The comment a stream gets when nothing else was sent for a heartbeat interval. */
    public static final Frame HEARTBEAT = new Frame(Frame.Kind.COMMENT, ascii(": heartbeat\n\n"));

    private Sse() {}

    /** An event with data ({@code snapshot} or {@code update}) and its {@code id:}: a message. */
    static Frame data(String event, String id, byte[] json) {
        return new Frame(Frame.Kind.DATA, encode("id: " + id + "\nevent: " + event + "\ndata: ", json));
    }

    /**
     * An event {@code warning} about a client's limits, without {@code id:} so that resuming is unaffected.
     *
     * @param json the warning, as one line of JSON
     */
    public static Frame warning(byte[] json) {
        return new Frame(Frame.Kind.WARNING, encode("event: warning\ndata: ", json));
    }

    private static byte[] encode(String head, byte[] json) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + json.length + 2];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(json, 0, out, h.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
