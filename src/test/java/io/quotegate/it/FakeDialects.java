package io.quotegate.it;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;

/** Successful answers in each provider's real shape (single vs batch, numbers as strings, headers). */
final class FakeDialects {

    private FakeDialects() {}

    static MockResponse ok(String provider, List<String> symbols, int n, Clock clock) {
        long epoch = clock.instant().getEpochSecond();
        return switch (provider) {
            case "twelvedata" ->
                new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "application/json")
                        .addHeader("api-credits-used", Integer.toString(symbols.size()))
                        .body(twelveData(symbols, n, epoch))
                        .build();
            case "marketstack" -> FakeUpstream.json(200, marketstack(symbols, n, clock));
            case "binance" ->
                new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "application/json")
                        .addHeader("X-MBX-USED-WEIGHT-1M", "2")
                        .body(binance(symbols, n, epoch))
                        .build();
            case "coingecko" -> FakeUpstream.json(200, coingecko(symbols, n, epoch));
            case "frankfurter" -> FakeUpstream.json(200, frankfurter(symbols, n, clock));
            default -> FakeUpstream.json(404, "{\"message\":\"not found\"}");
        };
    }

    static String tdQuote(String symbol, int n, long epoch) {
        String price = String.format(Locale.ROOT, "%.5f", base(symbol) * (1 + n * 0.0001));
        return "{\"symbol\":\"" + symbol + "\",\"name\":\"" + symbol
                + "\",\"exchange\":\"Forex\",\"datetime\":\"2026-03-11\","
                + "\"timestamp\":" + epoch + ",\"last_quote_at\":" + epoch + ",\"open\":\"" + price + "\",\"close\":\""
                + price
                + "\",\"previous_close\":\"" + price
                + "\",\"change\":\"0.00100\",\"percent_change\":\"0.10000\",\"is_market_open\":true}";
    }

    static String twelveData(List<String> symbols, int n, long epoch) {
        if (symbols.size() == 1) {
            return tdQuote(symbols.get(0), n, epoch);
        }
        return symbols.stream()
                .map(s -> "\"" + s + "\":" + tdQuote(s, n, epoch))
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String marketstack(List<String> tickers, int n, Clock clock) {
        String date = clock.instant()
                .truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                .toString()
                .replace("Z", "+0000");
        String bars = tickers.stream()
                .map(t -> "{\"open\":5000.0,\"high\":5050.0,\"low\":4990.0,\"close\":" + (5000 + n)
                        + ".5,\"volume\":1000.0,\"adj_close\":null,\"symbol\":\"" + t
                        + "\",\"exchange\":\"INDX\",\"date\":\"" + date + "\"}")
                .collect(Collectors.joining(","));
        return "{\"pagination\":{\"limit\":100,\"offset\":0,\"count\":" + tickers.size() + ",\"total\":"
                + tickers.size() + "},\"data\":[" + bars + "]}";
    }

    private static String binance(List<String> symbols, int n, long epoch) {
        return symbols.stream()
                .map(s -> "{\"symbol\":\"" + s + "\",\"priceChange\":\"12.50000000\",\"priceChangePercent\":\"0.021\","
                        + "\"lastPrice\":\"" + (60000 + n) + ".10000000\",\"openPrice\":\"60000.00\",\"closeTime\":"
                        + epoch * 1000 + "}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String coingecko(List<String> ids, int n, long epoch) {
        return ids.stream()
                .map(id -> "\"" + id + "\":{\"usd\":" + (100 + n) + ".5,\"usd_24h_change\":1.25,\"last_updated_at\":"
                        + epoch + "}")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String frankfurter(List<String> currencies, int n, Clock clock) {
        String rates = currencies.stream()
                .map(c -> "\"" + c + "\":" + String.format(Locale.ROOT, "%.5f", rate(c)))
                .collect(Collectors.joining(","));
        return "{\"amount\":1.0,\"base\":\"USD\",\"date\":\""
                + clock.instant().toString().substring(0, 10) + "\",\"rates\":{" + rates + "}}";
    }

    private static double rate(String currency) {
        return switch (currency) {
            case "EUR" -> 0.92;
            case "GBP" -> 0.79;
            case "JPY" -> 150.1;
            case "CHF" -> 0.88;
            case "AUD" -> 1.52;
            case "CAD" -> 1.36;
            case "NZD" -> 1.64;
            default -> 1.0;
        };
    }

    private static double base(String symbol) {
        return symbol.startsWith("BTC") ? 60000 : symbol.startsWith("XAU") ? 2400 : symbol.contains("JPY") ? 150 : 1.08;
    }
}
