package io.quotegate.client;

/** A client's messages and bytes served in one billing month. */
public record MonthlyUsage(long messages, long bytes) {

    public static final MonthlyUsage NONE = new MonthlyUsage(0, 0);

    public long get(Limit limit) {
        return limit == Limit.MESSAGES_PER_MONTH ? messages : limit == Limit.BYTES_PER_MONTH ? bytes : 0;
    }
}
