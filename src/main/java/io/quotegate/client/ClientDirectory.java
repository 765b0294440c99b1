package io.quotegate.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds the client of a request from its key. Keys are known only by their SHA-256; the key a client
 * sends is hashed and looked up, and neither the key nor its hash is logged or kept.
 */
public final class ClientDirectory {

    private final Map<String, Tier> tiers = new LinkedHashMap<>();
    private final Map<String, Client> byHash = new LinkedHashMap<>();
    private final Map<String, Client> byName = new LinkedHashMap<>();
    private final @Nullable Tier anonymous;

    public ClientDirectory(ClientProperties properties) {
        properties.tiers().forEach((name, t) -> tiers.put(name, Tier.of(name, t)));
        for (ClientProperties.KeyEntry k : properties.keys()) {
            // ClientProperties has checked every entry at start: a name, a hash and a configured tier.
            String name = Objects.requireNonNull(k.name(), "keys[].name");
            String tierName = Objects.requireNonNull(k.tier(), "keys[].tier");
            Tier tier = Objects.requireNonNull(tiers.get(tierName), "keys[].tier");
            Client c = Client.keyed(name, tier);
            byHash.put(
                    Objects.requireNonNull(k.sha256(), "keys[].sha256").trim().toLowerCase(Locale.ROOT), c);
            byName.put(name, c);
        }
        anonymous =
                ClientProperties.NONE.equals(properties.anonymousTier()) ? null : tiers.get(properties.anonymousTier());
    }

    /** The outcome of identifying a request: a client, or why there is none. */
    public record Lookup(@Nullable Client client, @Nullable String refusal) {

        /** Why there is no client (every lookup without one says why). */
        public String why() {
            return Objects.requireNonNull(refusal, "a lookup without a client says why");
        }
    }

    /**
     * @param apiKey  the key sent ({@code X-API-Key} or {@code ?api_key=}), or null
     * @param address the caller's address, the partition of an anonymous caller's limits
     */
    public Lookup identify(@Nullable String apiKey, String address) {
        if (apiKey == null || apiKey.isBlank()) {
            return anonymous == null
                    ? new Lookup(null, "An API key is required: send it as the X-API-Key header or as ?api_key=.")
                    : new Lookup(Client.anonymous(address, anonymous), null);
        }
        Client c = byHash.get(sha256(apiKey.trim()));
        return c == null ? new Lookup(null, "The API key is not known.") : new Lookup(c, null);
    }

    /** The tier of callers without a key, or null when a key is required. */
    public @Nullable Tier anonymousTier() {
        return anonymous;
    }

    public Optional<Client> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Map<String, Tier> tiers() {
        return Map.copyOf(tiers);
    }

    /** Lowercase hex SHA-256 of the key's UTF-8 bytes: what {@code printf %s "$KEY" | sha256sum} prints. */
    public static String sha256(String key) {
        MessageDigest digest = DIGEST.get();
        digest.reset();
        return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * One digest per thread: {@code MessageDigest.getInstance} looks the provider up on every call, which
     * was most of the cost of a keyed request's hash (event-loop threads live as long as the server).
     */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    });
}
