package io.quotegate.provider;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A login session with a provider that works with sessions (Capital.com), as the replicas share it through
 * a {@link SessionStore}: the headers that authenticate each call, what the login answered besides, who
 * logged in, and when it was created, last used and last used for prices.
 *
 * @param id        this session's own id (not a token): what "drop it if it is still this one" compares
 * @param headers   the headers to send on every call (Capital.com: {@code CST}, {@code X-SECURITY-TOKEN})
 * @param facts     what else the login said that later answers need (Capital.com: {@code timezoneOffset})
 * @param owner     the replica that logged in; it keeps the session alive
 * @param createdAt when the login answered
 * @param usedAt    the last call made with it, price or keep-alive: the provider's idle timer starts there
 * @param wantedAt  the last price call made with it: a session nobody asked prices of for a while is let go
 */
public record ProviderSession(
        String id,
        Map<String, String> headers,
        Map<String, String> facts,
        String owner,
        Instant createdAt,
        Instant usedAt,
        Instant wantedAt) {

    public ProviderSession {
        headers = Map.copyOf(headers);
        facts = Map.copyOf(facts);
    }

    public @Nullable String fact(String name) {
        return facts.get(name);
    }

    /** This session, used at {@code at}; for prices too when {@code forPrices}. */
    public ProviderSession usedAt(Instant at, boolean forPrices) {
        return new ProviderSession(id, headers, facts, owner, createdAt, at, forPrices ? at : wantedAt);
    }

    @Override
    public String toString() {
        return "ProviderSession[" + id + " of " + owner + ", created " + createdAt + ", used " + usedAt + "]";
    }
}
