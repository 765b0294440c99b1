package io.quotegate.client;

import org.jspecify.annotations.Nullable;

/** The four limits of a tier, by their configuration key names. */
public enum Limit {
    REQUESTS_PER_MINUTE("requests-per-minute", "rate_limit_warning"),
    MAX_STREAMS("max-streams", "stream_limit_warning"),
    MESSAGES_PER_MONTH("messages-per-month", "data_limit_warning"),
    BYTES_PER_MONTH("bytes-per-month", "data_limit_warning");

    private final String key;
    private final String warningType;

    Limit(String key, String warningType) {
        this.key = key;
        this.warningType = warningType;
    }

    /** The limit with this key, or null. */
    static @Nullable Limit byKey(String key) {
        for (Limit l : values()) {
            if (l.key.equals(key)) {
                return l;
            }
        }
        return null;
    }

    /** The configuration key, also the name used on /usage, in errors and in metrics. */
    public String key() {
        return key;
    }

    /** The {@code type} of the SSE {@code warning} event for this limit. */
    public String warningType() {
        return warningType;
    }

    /** Monthly limits end a stream when they run out; the others refuse only new requests. */
    public boolean monthly() {
        return this == MESSAGES_PER_MONTH || this == BYTES_PER_MONTH;
    }
}
