package io.quotegate.web;

import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A read as the {@link ReadContract} needs it, whichever server path received it: what both
 * {@link DirectReads} (Reactor Netty) and {@link ReadFilter} (Spring) translate their request into.
 *
 * @param head           a {@code HEAD} (else a {@code GET})
 * @param path           the path, without the query
 * @param symbols        the decoded {@code symbols} parameter, or null
 * @param feeds          the decoded {@code feeds} parameter, or null
 * @param apiKey         the key from {@code X-API-Key}, else from {@code ?api_key=}, or null
 * @param origin         the {@code Origin} header, or null
 * @param host           the {@code Host} header (or HTTP/2 authority), or null
 * @param acceptEncoding the {@code Accept-Encoding} header, or null
 * @param ifNoneMatch    the {@code If-None-Match} header, or null
 * @param lastEventId    the {@code Last-Event-ID} header, or null
 * @param address        the caller's address (anonymous callers are counted by it)
 * @param lane           the thread that writes this connection (its event loop), or null
 */
record ReadRequest(
        boolean head,
        String path,
        @Nullable String symbols,
        @Nullable String feeds,
        @Nullable String apiKey,
        @Nullable String origin,
        @Nullable String host,
        @Nullable String acceptEncoding,
        @Nullable String ifNoneMatch,
        @Nullable String lastEventId,
        String address,
        @Nullable Executor lane) {

    static final String SYMBOLS = "symbols";
    static final String FEEDS = "feeds";
    static final String API_KEY = "api_key";
    static final String API_KEY_HEADER = "X-API-Key";
    static final String LAST_EVENT_ID = "Last-Event-ID";
}
