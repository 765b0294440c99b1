package io.quotegate.web;

import org.springframework.core.Ordered;

/**
 * The order of our web filters, in one place because it matters: CORS answers preflights and refuses
 * foreign origins first; the admin guard keeps diagnostics private; the client plan counts and limits
 * every request; only then do the fast feed and stream readers answer from memory.
 */
final class FilterOrder {
    static final int CORS = Ordered.HIGHEST_PRECEDENCE;
    static final int ADMIN = CORS + 1;
    static final int CLIENTS = CORS + 2;
    static final int FEED_READS = CORS + 3;
    static final int STREAM_READS = CORS + 4;

    private FilterOrder() {}
}
