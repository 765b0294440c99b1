package io.quotegate.client;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The decision on one request. When allowed: the client, its bucket after this request (null when
 * the tier has no requests-per-minute limit), the stream lease when it opens a stream (release it
 * when the connection closes) and the warnings this request raised, to be sent first on its stream.
 */
public record Admission(
        @Nullable Client client,
        @Nullable RateState rate,
        @Nullable StreamLease lease,
        List<Warning> warnings,
        @Nullable Refusal refusal) {

    static Admission allowed(
            Client client, @Nullable RateState rate, @Nullable StreamLease lease, List<Warning> warnings) {
        return new Admission(client, rate, lease, List.copyOf(warnings), null);
    }

    static Admission refused(@Nullable Client client, @Nullable RateState rate, Refusal refusal) {
        return new Admission(client, rate, null, List.of(), refusal);
    }

    public boolean allowed() {
        return refusal == null;
    }

    /** The client of an allowed admission: every allowed admission has one. */
    public Client admitted() {
        return java.util.Objects.requireNonNull(client, "an allowed admission names its client");
    }

    /** Releases the stream lease, if any. Safe to call more than once. */
    public void release() {
        if (lease != null) {
            lease.release();
        }
    }
}
