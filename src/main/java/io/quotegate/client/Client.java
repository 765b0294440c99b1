package io.quotegate.client;

/**
 * Who is asking: a configured key (by its name, never the key) or an anonymous caller (by address).
 *
 * @param id    the partition of every counter: {@code key:<name>} or {@code anon:<address>}
 * @param name  the key's name, or {@code anonymous}
 * @param keyed whether the caller sent a known key
 */
public record Client(String id, String name, Tier tier, boolean keyed) {

    static Client keyed(String name, Tier tier) {
        return new Client("key:" + name, name, tier, true);
    }

    static Client anonymous(String address, Tier tier) {
        return new Client("anon:" + address, "anonymous", tier, false);
    }

    /** Whether any limit of the tier applies (an all-unlimited anonymous caller costs nothing to serve). */
    public boolean limited() {
        return tier.limited();
    }
}
