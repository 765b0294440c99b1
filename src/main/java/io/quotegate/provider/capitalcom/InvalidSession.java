package io.quotegate.provider.capitalcom;

import io.quotegate.provider.ProviderSession;

/**
 * Capital.com refused the session's tokens (it lapsed, or was closed): the adapter creates a new session and
 * asks once more. Never leaves the adapter: a second refusal becomes an {@code AUTH_FAILED} failure.
 */
final class InvalidSession extends RuntimeException {

    private final transient ProviderSession session;

    InvalidSession(ProviderSession session, String message) {
        super(message, null, false, false);
        this.session = session;
    }

    ProviderSession session() {
        return session;
    }
}
