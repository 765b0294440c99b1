package io.quotegate.client;

/** A client plan. Every limit is a count, 0 = unlimited. */
record Tier(String name, long requestsPerMinute, int maxStreams, long messagesPerMonth, long bytesPerMonth) {

    static Tier of(String name, ClientProperties.TierLimits t) {
        return new Tier(
                name,
                t.requestsPerMinute(),
                t.maxStreams(),
                t.messagesPerMonth(),
                t.bytesPerMonth().toBytes());
    }

    /** The size of one limit; 0 = unlimited. */
    public long limit(Limit limit) {
        return switch (limit) {
            case REQUESTS_PER_MINUTE -> requestsPerMinute;
            case MAX_STREAMS -> maxStreams;
            case MESSAGES_PER_MONTH -> messagesPerMonth;
            case BYTES_PER_MONTH -> bytesPerMonth;
        };
    }

    /** Whether any of its limits applies. */
    public boolean limited() {
        for (Limit l : Limit.values()) {
            if (limits(l)) {
                return true;
            }
        }
        return false;
    }

    public boolean limits(Limit limit) {
        return limit(limit) > 0;
    }
}
