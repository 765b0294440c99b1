package io.quotegate.client;

/** What a request does, as far as client plans care. */
public enum RequestKind {
    /** An ordinary request: counts against requests per minute. */
    REQUEST,
    /** Opens a stream: a request, and one of the client's concurrent streams until it closes. */
    STREAM,
    /** Asks for the client's own usage: identified, never limited, so a limited client can still see why. */
    USAGE
}
