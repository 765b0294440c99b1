package io.quotegate.provider.twelvedata;

import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.Window;
import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads one {@code /quote} answer. Checks the body before trusting a 200 (errors come as HTTP 200
 * with {@code "status":"error"}), tells the flat one-symbol shape from the symbol-keyed batch map,
 * and turns per-symbol error entries and absent symbols into rejections. A quote is credited only to the
 * symbol its answer names: the flat shape's {@code symbol}, a batch entry's key (and its own
 * {@code symbol} when it has one); an answer naming another instrument, or none, is {@code malformed} for
 * the symbol asked. The content type is
 * ignored: a JSON body is read as JSON whatever the header says.
 */
final class ResponseParser {

    static final String CREDITS_USED = "api-credits-used";

    /** Entry outcomes that say nothing about the symbol itself, only about the call. */
    private static final Set<Outcome> CALL_LEVEL =
            EnumSet.of(Outcome.RATE_LIMITED, Outcome.AUTH_FAILED, Outcome.TRANSIENT);

    private final ErrorClassifier errors;
    private final QuoteReader quotes;

    ResponseParser(ErrorClassifier errors, QuoteReader quotes) {
        this.errors = errors;
        this.quotes = quotes;
    }

    /** The served quotes, or a thrown {@link ProviderException} when the whole call failed. */
    ProviderResponse parse(RawResponse raw, SymbolBatch mapping) {
        JsonNode root = readObject(raw);
        if (isError(root)) {
            throw errors.callFailed(codeOf(root, raw.status()), text(root, "message"), raw, mapping);
        }
        if (!raw.isSuccess()) {
            throw errors.callFailed(raw.status(), "HTTP " + raw.status(), raw, mapping);
        }
        if (root.isEmpty()) {
            throw errors.malformed("empty JSON object for " + mapping.joined(","));
        }
        Batch batch = new Batch(mapping);
        if (isFlat(root)) {
            // One quote, not keyed: credited only to the symbol its own "symbol" names (a /quote answer always
            // names it), whether one symbol or many were asked.
            String named = text(root, "symbol");
            String key = mapping.requested(named);
            if (key != null) {
                batch.add(key, root);
            } else if (mapping.isSingle()) {
                batch.misnamed(mapping.joined(","), named);
            } else {
                throw errors.malformed(
                        "one unrequested quote '" + errors.clean(named) + "' for " + mapping.joined(","));
            }
        } else {
            root.properties().forEach(e -> batch.add(e.getKey(), e.getValue()));
        }
        return batch.finish(raw);
    }

    static ReportedUsage usage(RawResponse raw) {
        var used = raw.longHeader(CREDITS_USED);
        return used.isPresent() && used.getAsLong() >= 0
                ? ReportedUsage.of(Window.MINUTE, used.getAsLong())
                : ReportedUsage.NONE;
    }

    /** The body as a JSON object, or the failure an unreadable body stands for. */
    private JsonNode readObject(RawResponse raw) {
        if (raw.body().isBlank()) {
            throw raw.isSuccess()
                    ? errors.malformed("empty body (HTTP " + raw.status() + ")")
                    : errors.notJson(raw, "an empty body");
        }
        if (!raw.looksLikeJson()) {
            throw errors.notJson(raw, "a non-JSON body");
        }
        JsonNode root;
        try {
            root = JsonValues.parse(raw.body());
        } catch (JacksonException e) {
            throw raw.isSuccess()
                    ? errors.malformed("unreadable JSON (" + raw.body().length() + " chars): " + e.getOriginalMessage())
                    : errors.notJson(raw, "an unreadable JSON body");
        }
        if (root == null || !root.isObject()) {
            throw raw.isSuccess()
                    ? errors.malformed("JSON body is not an object")
                    : errors.notJson(raw, "a non-object JSON body");
        }
        return root;
    }

    /** {@code "status":"error"}, or a code and message without any price (some gateways omit status). */
    static boolean isError(JsonNode node) {
        if ("error".equalsIgnoreCase(text(node, "status"))) {
            return true;
        }
        return node.has("code") && node.has("message") && !node.has("close") && !node.has("price");
    }

    /** A flat quote has scalar fields; a batch map has only objects (one per symbol). */
    private static boolean isFlat(JsonNode root) {
        for (var e : root.properties()) {
            if (!e.getValue().isObject()) {
                return true;
            }
        }
        return false;
    }

    private static int codeOf(JsonNode error, int httpStatus) {
        var code = JsonValues.decimal(error.get("code"));
        if (code != null && code.intValue() >= 100 && code.intValue() <= 599) {
            return code.intValue();
        }
        return httpStatus >= 200 && httpStatus < 300 ? 0 : httpStatus;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.isValueNode() ? v.asString() : v.toString();
    }

    /** Accumulates one answer's entries, keyed back to feed symbols. */
    private final class Batch {
        private final SymbolBatch mapping;
        private final Map<String, Quote> served = new LinkedHashMap<>();
        private final Map<String, SymbolRejection> rejected = new LinkedHashMap<>();
        private final Set<String> seen = new HashSet<>();
        private @Nullable JsonNode callLevelError;

        Batch(SymbolBatch mapping) {
            this.mapping = mapping;
        }

        void add(String responseKey, JsonNode entry) {
            String key = mapping.requested(responseKey);
            if (key == null || !entry.isObject() || !seen.add(key)) {
                return; // not something we asked for
            }
            if (isError(entry)) {
                int code = codeOf(entry, 200);
                String message = text(entry, "message");
                Outcome outcome = errors.outcomeOf(code, message);
                if (CALL_LEVEL.contains(outcome)) {
                    callLevelError = callLevelError == null ? entry : callLevelError;
                } else if (outcome != Outcome.PLAN_RESTRICTED) {
                    outcome = Outcome.INVALID_SYMBOLS;
                }
                reject(key, outcome, errors.describe(code, message));
                return;
            }
            String named = text(entry, "symbol");
            if (!named.isEmpty() && !key.equals(mapping.requested(named))) {
                misnamed(key, named);
                return;
            }
            for (String feed : mapping.feedSymbols(key)) {
                Optional<Quote> quote = quotes.read(feed, entry);
                if (quote.isPresent()) {
                    served.put(feed, quote.get());
                } else {
                    rejected.put(
                            feed,
                            new SymbolRejection(
                                    Outcome.MALFORMED,
                                    TwelveDataProviderFactory.NAME + ": no readable close and time for "
                                            + errors.clean(key)));
                }
            }
        }

        /** The answer for {@code key} names another instrument (or none): never served under {@code key}. */
        void misnamed(String key, String named) {
            seen.add(key);
            reject(
                    key,
                    Outcome.MALFORMED,
                    TwelveDataProviderFactory.NAME + " answered for "
                            + (named.isEmpty() ? "no named symbol" : errors.clean(named)) + ", asked " + key);
        }

        ProviderResponse finish(RawResponse raw) {
            for (String key : mapping.providerSymbols()) {
                if (!seen.contains(key)) {
                    reject(key, Outcome.INVALID_SYMBOLS, TwelveDataProviderFactory.NAME + ": missing from response");
                }
            }
            if (served.isEmpty() && callLevelError != null) {
                throw errors.callFailed(codeOf(callLevelError, 200), text(callLevelError, "message"), raw, mapping);
            }
            if (served.isEmpty()
                    && !rejected.isEmpty()
                    && rejected.values().stream().allMatch(r -> r.outcome() == Outcome.MALFORMED)) {
                throw ProviderException.malformed(
                        rejected.values().iterator().next().message()
                                + (rejected.size() > 1 ? " (and " + (rejected.size() - 1) + " more)" : ""));
            }
            return new ProviderResponse(served, rejected, usage(raw));
        }

        private void reject(String key, Outcome outcome, String message) {
            mapping.feedSymbols(key).forEach(feed -> rejected.put(feed, new SymbolRejection(outcome, message)));
        }
    }
}
