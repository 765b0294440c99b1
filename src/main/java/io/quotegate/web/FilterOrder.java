package io.quotegate.web;

import org.springframework.core.Ordered;

/**
 * The order of our web filters, in one place because it matters: the read contract's requests first
 * (the contract decides their CORS and client plan itself); then, for everything else, CORS answers
 * preflights and refuses foreign origins; the admin guard keeps diagnostics private; the client plan
 * counts and limits every request.
 */
final class FilterOrder {
    static final int READS = Ordered.HIGHEST_PRECEDENCE;
    static final int CORS = READS + 1;
    static final int ADMIN = READS + 2;
    static final int CLIENTS = READS + 3;

    private FilterOrder() {}
}
