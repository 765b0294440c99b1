package io.quotegate.provider;

import java.time.Clock;

/**
 * What a factory gets to build an adapter: its settings, an HTTP client set up for it, the clock, and where
 * the sessions of session-based providers are kept (shared by the replicas in distributed mode).
 */
public record ProviderContext(ProviderSettings settings, ProviderHttp http, Clock clock, SessionStore sessions) {

    /** A context whose sessions stay in this process. */
    public ProviderContext(ProviderSettings settings, ProviderHttp http, Clock clock) {
        this(settings, http, clock, new LocalSessionStore(clock, "local"));
    }
}
