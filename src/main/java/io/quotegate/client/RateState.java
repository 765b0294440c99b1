package io.quotegate.client;

/**
 * A client's requests-per-minute bucket after (or without) taking one request from it.
 *
 * @param limit        requests per minute
 * @param remaining    requests the client may still make right now
 * @param resetSeconds seconds until the bucket is full again
 * @param allowed      whether this request was let through
 * @param retryAfterSeconds when refused: seconds until the next request would be let through
 */
public record RateState(long limit, long remaining, long resetSeconds, boolean allowed, long retryAfterSeconds) {

    public long used() {
        return limit - remaining;
    }
}
