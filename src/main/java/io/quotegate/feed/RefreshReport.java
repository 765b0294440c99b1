package io.quotegate.feed;

import io.quotegate.model.Purpose;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the last refresh of a feed did, for /trace: what became of the feed's version, and per provider (in
 * the order the chain asked them) the outcome, how many symbols it served, the batches and tries it took
 * and what it had to say.
 *
 * @param version the version the feed has after this refresh: a new one, the one that stands, or 0 (none yet)
 * @param result  what became of the version
 */
public record RefreshReport(
        String feed,
        Purpose purpose,
        Instant at,
        Duration took,
        long version,
        Result result,
        int served,
        List<String> missing,
        Map<String, ProviderOutcome> providers,
        List<ProviderError> errors) {

    public RefreshReport {
        missing = List.copyOf(missing);
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        errors = List.copyOf(errors);
    }

    /**
     * One failure of a provider itself during the refresh, in the order they happened (every one, not only a
     * provider's last outcome, which may be {@code circuit_open} after a ban or a rate limit).
     *
     * @param status the HTTP status of the answer, 0 when none came
     */
    public record ProviderError(String provider, Verdict outcome, int status, String message) {}

    /** What a refresh did to the feed's version. */
    public enum Result {
        /** Some quote or flag changed: a new version, ETag and SSE {@code update}. */
        NEW_VERSION,
        /**
         * Providers were asked and nothing changed: the version, its ETag and the streams stay as they are,
         * and the version counts as confirmed (its TTL starts again).
         */
        UNCHANGED,
        /** No provider was asked (markets closed, budget rules, quarantine): the version stands, unconfirmed. */
        STANDS,
        /** Nothing served and the feed has nothing yet. */
        NOTHING,
        /** The refresh ran out of its slot and grace: the version stands. */
        TIMED_OUT;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * How one provider fared.
     *
     * @param notes    what it had to say (rejections, outdated answers, the failure), the first few
     * @param status   the HTTP status of its last failed answer; 0 when none
     * @param outdated symbols it answered with a quote older than the one held
     */
    public record ProviderOutcome(
            Verdict outcome,
            int served,
            int batches,
            int tries,
            List<String> notes,
            int status,
            List<String> outdated) {

        public ProviderOutcome {
            notes = List.copyOf(notes);
            outdated = List.copyOf(outdated);
        }

        static ProviderOutcome notAsked(Verdict outcome, String message) {
            return new ProviderOutcome(
                    outcome, 0, 0, 0, message.isEmpty() ? List.of() : List.of(message), 0, List.of());
        }

        /** One more batch: a verdict other than ok replaces the one before; notes add up to a few. */
        ProviderOutcome plus(
                Verdict verdict, int servedNow, int triesNow, List<String> more, int statusNow, List<String> older) {
            List<String> n = new ArrayList<>(notes);
            for (String note : more) {
                if (n.size() < RefreshRun.NOTES) {
                    n.add(note);
                } else if (n.size() == RefreshRun.NOTES) {
                    n.add("and more");
                }
            }
            List<String> o = new ArrayList<>(outdated);
            o.addAll(older);
            return new ProviderOutcome(
                    verdict.equals(Verdict.OK) ? outcome : verdict,
                    served + servedNow,
                    batches + 1,
                    tries + triesNow,
                    n,
                    statusNow != 0 ? statusNow : status,
                    o);
        }

        /** The notes as one sentence, for /trace and the log. */
        public String message() {
            return String.join("; ", notes);
        }
    }
}
