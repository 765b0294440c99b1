package io.quotegate.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The {@code fx:42,crypto:17} event ids of combined streams. */
public final class EventIds {

    private EventIds() {}

    static String format(Map<String, Long> versions) {
        return versions.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
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
