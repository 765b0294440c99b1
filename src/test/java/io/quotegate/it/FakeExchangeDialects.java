package io.quotegate.it;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * Kraken, Coinbase and Alpaca as the fake speaks them: the request parameters they read, the answers in
 * their real shapes (Kraken's canonical keys, Coinbase's strings, Alpaca's symbol map with {@code null} for
 * an unknown symbol and its {@code X-RateLimit-*} headers) and their over-limit and bad-key answers. The
 * {@link FakeUpstream} dispatcher calls it for these three.
 */
final class FakeExchangeDialects {

    static final String ALPACA_KEY = "PKFAKEKEYID0123456789";
    static final String ALPACA_SECRET = "fake-alpaca-secret-0123456789abcdef";

    /** Kraken's canonical names for the pairs whose answer key differs from the name sent. */
    private static final Map<String, String> KRAKEN_CANONICAL =
            Map.of("XBTUSD", "XXBTZUSD", "ETHUSD", "XETHZUSD", "XBTEUR", "XXBTZEUR", "LTCUSD", "XLTCZUSD");

    private FakeExchangeDialects() {}

    static boolean speaks(String provider) {
        return FakeProviderCounters.counts(provider);
    }

    /** The provider symbols a request asks for. */
    static List<String> symbols(String provider, RecordedRequest r) {
        return switch (provider) {
            case "kraken" -> split(r.getUrl().queryParameter("pair"));
            case "coinbase" ->
                r.getUrl().queryParameterValues("product_ids").stream()
                        .filter(java.util.Objects::nonNull)
                        .toList();
            case "alpaca" -> split(r.getUrl().queryParameter("symbols"));
            default -> List.of();
        };
    }

    static boolean keyOk(String provider, RecordedRequest r) {
        return !provider.equals("alpaca")
                || (ALPACA_KEY.equals(r.getHeaders().get("APCA-API-KEY-ID"))
                        && ALPACA_SECRET.equals(r.getHeaders().get("APCA-API-SECRET-KEY")));
    }

    static MockResponse invalidKey(String provider) {
        return provider.equals("alpaca")
                ? FakeUpstream.json(403, "{\"message\": \"forbidden.\"}")
                : FakeUpstream.json(401, "{\"message\":\"Unauthorized\"}");
    }

    static MockResponse overLimit(String provider, FakeProviderCounters counters) {
        return switch (provider) {
            case "kraken" -> FakeUpstream.json(200, "{\"error\":[\"EGeneral:Too many requests\"]}");
            case "coinbase" ->
                new MockResponse.Builder()
                        .code(429)
                        .addHeader("Content-Type", "text/html")
                        .body("<html>\n  <head>\n    <title>Coinbase</title>\n  </head>\n</html>")
                        .build();
            default -> alpaca(429, "{\"message\":\"too many requests.\"}", counters);
        };
    }

    static MockResponse ok(String provider, List<String> symbols, int n, Instant now, FakeProviderCounters counters) {
        return switch (provider) {
            case "kraken" -> FakeUpstream.json(200, kraken(symbols, n));
            case "coinbase" ->
                new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "application/json")
                        .addHeader(
                                "Date",
                                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                        now.atZone(java.time.ZoneOffset.UTC)))
                        .body(coinbase(symbols, n))
                        .build();
            default -> alpaca(200, alpacaBody(symbols, n, now), counters);
        };
    }

    private static String kraken(List<String> pairs, int n) {
        String result = pairs.stream()
                .map(p -> "\"" + KRAKEN_CANONICAL.getOrDefault(p, p) + "\":{\"a\":[\"" + price(p, n)
                        + "\",\"1\",\"1.000\"]," + "\"c\":[\"" + price(p, n) + "\",\"0.01000000\"],\"o\":\""
                        + price(p, 0) + "\"}")
                .collect(Collectors.joining(","));
        return "{\"error\":[],\"result\":{" + result + "}}";
    }

    private static String coinbase(List<String> ids, int n) {
        String products = ids.stream()
                .map(
                        id -> "{\"product_id\":\"" + id + "\",\"price\":\"" + price(id, n)
                                + "\",\"price_percentage_change_24h\":\"0.5\",\"status\":\"online\",\"trading_disabled\":false}")
                .collect(Collectors.joining(","));
        return "{\"products\":[" + products + "],\"num_products\":" + ids.size() + ",\"pagination\":null}";
    }

    private static String alpacaBody(List<String> symbols, int n, Instant now) {
        return symbols.stream()
                .map(s -> "\"" + s + "\":"
                        + (s.startsWith("INVALID")
                                ? "null"
                                : "{\"latestTrade\":{\"t\":\"" + now + "\",\"x\":\"V\",\"p\":" + price(s, n)
                                        + ",\"s\":100},"
                                        + "\"latestQuote\":{\"t\":\"" + now + "\",\"ap\":" + price(s, n) + ",\"bp\":"
                                        + price(s, n) + "},\"prevDailyBar\":{\"c\":" + price(s, 0) + "}}"))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static MockResponse alpaca(int status, String body, FakeProviderCounters counters) {
        return new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "application/json")
                .addHeader("X-RateLimit-Limit", Integer.toString(FakeProviderCounters.ALPACA_PER_MINUTE))
                .addHeader("X-RateLimit-Remaining", Integer.toString(counters.alpacaRemaining()))
                .addHeader("X-RateLimit-Reset", Long.toString(counters.alpacaReset()))
                .body(body)
                .build();
    }

    private static String price(String symbol, int n) {
        String s = symbol.toUpperCase(Locale.ROOT);
        double base = s.contains("XBT") || s.startsWith("BTC") ? 60000 : s.contains("ETH") ? 3000 : 100;
        return String.format(Locale.ROOT, "%.2f", base * (1 + n * 0.0001));
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(v -> !v.isEmpty())
                .toList();
    }
}
