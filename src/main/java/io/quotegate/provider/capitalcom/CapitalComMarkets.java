package io.quotegate.provider.capitalcom;

import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import io.quotegate.provider.SymbolBatch;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads one answer of {@code GET /api/v1/markets?epics=A,B}: {@code {"marketDetails":[{"instrument":{"epic"…},
 * "snapshot":{"marketStatus","bid","offer","netChange","percentageChange","updateTime"…}}]}}. The search shape
 * ({@code {"markets":[{"epic","bid","offer","updateTimeUTC"…}]}}) and the one-market shape (one bare
 * {@code {"instrument","snapshot"}} object) are read the same way, since each entry names its epic.
 *
 * <ul>
 *   <li>A quote is credited only to the feed symbols of the epic the entry itself names; an entry naming an epic
 *       not asked is never served. When exactly one asked epic is missing and the answer names epics not asked,
 *       that one is {@link Outcome#MALFORMED} ("capitalcom answered for X, asked Y"); other missing epics are
 *       {@link Outcome#INVALID_SYMBOLS}. An answer that serves none of the asked epics is a fault of the call
 *       ({@link Outcome#MALFORMED}), not a verdict on each of them.</li>
 *   <li>The price is the mid of {@code bid} and {@code offer}, both kept in the quote; change and percentage
 *       are {@code netChange} and {@code percentageChange}.</li>
 *   <li>A market not {@code TRADEABLE} ({@code CLOSED}, {@code EDITS_ONLY}, …) or without a bid or an offer is
 *       not an error: nothing is served for it and it is rejected as {@link Outcome#MARKET_CLOSED}, which
 *       quarantines nothing; its last price stays.</li>
 *   <li>{@code asOf} is when the price was last updated: {@code updateTimeUTC} where the entry has it (search
 *       shape), else {@code snapshot.updateTime}, which is the account's local time with no zone (the recorded
 *       examples show it 2 or 3 hours ahead of UTC, as the account's offset was): it is read with the session's
 *       {@code timezoneOffset} (hours, from the login). Without either, the time of receipt.</li>
 * </ul>
 */
final class CapitalComMarkets {

    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private CapitalComMarkets() {}

    /**
     * @param offset the account's offset from UTC (the login's {@code timezoneOffset}), or null when unknown
     * @throws ProviderException when the answer serves none of the asked epics
     */
    static ProviderResponse read(JsonNode body, SymbolBatch batch, @Nullable ZoneOffset offset, Instant now) {
        List<JsonNode> entries = entries(body);
        Map<String, Quote> quotes = new LinkedHashMap<>();
        Map<String, SymbolRejection> rejected = new LinkedHashMap<>(batch.rejected());
        Set<String> answered = new LinkedHashSet<>();
        Set<String> unasked = new LinkedHashSet<>();
        for (JsonNode entry : entries) {
            String epic = epic(entry);
            if (epic == null) {
                continue;
            }
            String asked = batch.requested(epic);
            if (asked == null) {
                unasked.add(epic);
                continue;
            }
            if (!answered.add(asked)) {
                continue;
            }
            for (String feed : batch.feedSymbols(asked)) {
                serve(feed, asked, entry, offset, now, quotes, rejected);
            }
        }
        List<String> missing = batch.providerSymbols().stream()
                .filter(e -> !answered.contains(e))
                .toList();
        if (answered.isEmpty() && !(missing.size() == 1 && !unasked.isEmpty())) {
            throw ProviderException.malformed("capitalcom answered none of the epics asked (" + batch.joined(",") + ")"
                    + (unasked.isEmpty() ? "" : "; it named " + String.join(",", unasked)));
        }
        for (String epic : missing) {
            SymbolRejection why = missing.size() == 1 && !unasked.isEmpty()
                    ? new SymbolRejection(
                            Outcome.MALFORMED,
                            "capitalcom answered for " + String.join(",", unasked) + ", asked " + epic)
                    : new SymbolRejection(Outcome.INVALID_SYMBOLS, "capitalcom returned no market for " + epic);
            batch.feedSymbols(epic).forEach(feed -> rejected.put(feed, why));
        }
        return new ProviderResponse(quotes, rejected, ReportedUsage.NONE);
    }

    private static void serve(
            String feed,
            String epic,
            JsonNode entry,
            @Nullable ZoneOffset offset,
            Instant now,
            Map<String, Quote> quotes,
            Map<String, SymbolRejection> rejected) {
        JsonNode prices = entry.has("snapshot") ? entry.path("snapshot") : entry;
        String status = JsonValues.text(prices.get("marketStatus"));
        BigDecimal bid = JsonValues.decimal(prices.get("bid"));
        BigDecimal offer = JsonValues.decimal(prices.get("offer"));
        if (status != null && !"TRADEABLE".equals(status.toUpperCase(Locale.ROOT))) {
            rejected.put(feed, closed(epic, "is " + status));
        } else if (bid == null || offer == null) {
            rejected.put(feed, closed(epic, "has no " + (bid == null ? "bid" : "offer")));
        } else if (bid.signum() <= 0 || offer.signum() <= 0 || bid.compareTo(offer) > 0) {
            rejected.put(
                    feed,
                    new SymbolRejection(
                            Outcome.MALFORMED,
                            "capitalcom sent bid " + bid.toPlainString() + " and offer " + offer.toPlainString()
                                    + " for " + epic));
        } else {
            quotes.put(
                    feed,
                    Quote.ofBidAsk(
                            feed,
                            bid.add(offer).divide(TWO),
                            bid,
                            offer,
                            JsonValues.decimal(prices.get("netChange")),
                            JsonValues.decimal(prices.get("percentageChange")),
                            asOf(prices, offset, now),
                            CapitalComProviderFactory.NAME));
        }
    }

    private static SymbolRejection closed(String epic, String why) {
        return new SymbolRejection(
                Outcome.MARKET_CLOSED, "capitalcom: " + epic + " " + why + "; nothing served, the last price stays");
    }

    /** The entries of any of the three shapes; none when the body is none of them. */
    private static List<JsonNode> entries(JsonNode body) {
        for (String list : List.of("marketDetails", "markets")) {
            JsonNode node = body.get(list);
            if (node != null && node.isArray()) {
                List<JsonNode> out = new ArrayList<>();
                node.forEach(out::add);
                return out;
            }
        }
        return body.isObject() && body.has("instrument") ? List.of(body) : List.of();
    }

    private static @Nullable String epic(JsonNode entry) {
        String epic = JsonValues.text(entry.path("instrument").get("epic"));
        return epic != null ? epic : JsonValues.text(entry.get("epic"));
    }

    static Instant asOf(JsonNode prices, @Nullable ZoneOffset offset, Instant now) {
        Instant utc = local(JsonValues.text(prices.get("updateTimeUTC")), ZoneOffset.UTC);
        if (utc != null) {
            return utc;
        }
        Instant local = offset == null ? null : local(JsonValues.text(prices.get("updateTime")), offset);
        return local != null ? local : now;
    }

    private static @Nullable Instant local(@Nullable String text, ZoneOffset offset) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(text).toInstant(offset);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
