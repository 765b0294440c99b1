package io.quotegate.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The SSE event ids: a single-feed stream's is its version ({@code 42}), a combined stream's the vector of
 * versions sent ({@code fx:42,crypto:17}). What a client sends back as {@code Last-Event-ID} is read here.
 */
public final class EventIds {

    private EventIds() {}

    static String format(Map<String, Long> versions) {
        return versions.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** A single-feed stream's {@code Last-Event-ID}: its version, or null when absent or not a number. */
    public static @Nullable Long version(@Nullable String lastEventId) {
        if (lastEventId == null) {
            return null;
        }
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Parses a combined id; parts that do not read as {@code feed:version} are ignored. */
    public static Map<String, Long> parse(@Nullable String id) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (id == null) {
            return out;
        }
        for (String part : id.split(",")) {
            int colon = part.indexOf(':');
            if (colon > 0) {
                try {
                    out.put(
                            part.substring(0, colon).trim(),
                            Long.parseLong(part.substring(colon + 1).trim()));
                } catch (NumberFormatException ignored) {
                    // not ours: treated as no id for that feed
                }
            }
        }
        return out;
    }
}
