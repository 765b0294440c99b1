package io.quotegate.it;

import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** What a replica's /actuator/trace says each provider has used in its current day and month windows. */
final class LedgerCounts {

    private LedgerCounts() {}

    /** The largest drop of any window from {@code before} to {@code now}: 0 when none went down. */
    static long largestDrop(Map<String, Long> before, Map<String, Long> now) {
        long most = 0;
        for (var e : before.entrySet()) {
            Long n = now.get(e.getKey());
            if (n != null) {
                most = Math.max(most, e.getValue() - n);
            }
        }
        return most;
    }

    /**
     * {@code provider/day@start} and {@code provider/month@start} to the credits used, for every provider with a
     * budget: a window is named by its start, so a window that rolled over is a new one, not a drop.
     */
    static Map<String, Long> of(Http replica) {
        Map<String, Long> out = new TreeMap<>();
        JsonNode providers = replica.json("/actuator/trace").get("providers");
        for (var p : providers.properties()) {
            JsonNode budget = p.getValue().get("budget");
            if (budget == null) {
                continue;
            }
            for (String w : new String[] {"day", "month"}) {
                JsonNode window = budget.get(w);
                if (window != null) {
                    out.put(
                            p.getKey() + "/" + w + "@" + window.get("start").asString(),
                            window.get("used").asLong());
                }
            }
        }
        return out;
    }

    /** The windows of {@code now} that are lower than in {@code before}, with both counts. */
    static Map<String, String> drops(Map<String, Long> before, Map<String, Long> now) {
        Map<String, String> out = new TreeMap<>();
        before.forEach((k, v) -> {
            Long n = now.get(k);
            if (n != null && n < v) {
                out.put(k, v + " -> " + n);
            }
        });
        return out;
    }
}
