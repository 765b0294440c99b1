package io.quotegate.client;

import reactor.core.publisher.Mono;

/**
 * Concurrent streams per client. A stream counts from the moment it is granted until its lease is
 * released (the connection closed), on whichever replica it runs.
 */
interface StreamRegistry {

    /** Opens a stream if the client has fewer than {@code max} open (0 = no limit). */
    Mono<StreamLease> tryOpen(Client client, int max);

    /** Streams the client has open now. */
    Mono<Integer> open(Client client);
}
