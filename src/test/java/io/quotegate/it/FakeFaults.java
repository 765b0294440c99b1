package io.quotegate.it;

import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;

/** The faults providers really show, in each provider's own words where they have them. */
final class FakeFaults {

    private FakeFaults() {}

    static MockResponse respond(String provider, FakeUpstream.Fault fault, List<String> symbols, FakeUpstream fake) {
        return switch (fault) {
            case TIMEOUT -> FakeUpstream.stalled(30);
            case SLOW_BODY ->
                new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "application/json")
                        .body(FakeDialects.twelveData(symbols, 1, fake.now().getEpochSecond()))
                        .throttleBody(16, 1, TimeUnit.SECONDS)
                        .build();
            case RESET -> FakeUpstream.reset();
            case JSON_500 ->
                FakeUpstream.json(500, "{\"code\":500,\"message\":\"Internal server error\",\"status\":\"error\"}");
            case HTML_502 ->
                new MockResponse.Builder()
                        .code(502)
                        .addHeader("Content-Type", "text/html")
                        .body(
                                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>")
                        .build();
            case RETRY_503 ->
                new MockResponse.Builder()
                        .code(503)
                        .addHeader("Retry-After", "1")
                        .addHeader("Content-Type", "text/html")
                        .body("<html><body>Service Unavailable</body></html>")
                        .build();
            case TD_429_BODY ->
                FakeUpstream.json(
                        200,
                        "{\"code\":429,\"message\":\"You have run out of API credits for the current minute. "
                                + "12 API credits were used, with the current limit being 8.\",\"status\":\"error\"}");
            case HTTP_429 ->
                new MockResponse.Builder()
                        .code(429)
                        .addHeader("Retry-After", "1")
                        .addHeader("Content-Type", "application/json")
                        .body("{\"code\":429,\"message\":\"Too many requests\",\"status\":\"error\"}")
                        .build();
            case BINANCE_418 ->
                new MockResponse.Builder()
                        .code(418)
                        .addHeader("Retry-After", "120")
                        .addHeader("Content-Type", "application/json")
                        .body(
                                "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until 1784540000000.\"}")
                        .build();
            case MALFORMED -> FakeUpstream.json(200, "{\"EUR/USD\": {\"close\": [1, 2, }");
            case TRUNCATED ->
                FakeUpstream.json(200, FakeDialects.twelveData(symbols, 1, 0).substring(0, 40));
            case EMPTY ->
                new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "application/json")
                        .body("")
                        .build();
            case WRONG_CONTENT_TYPE ->
                new MockResponse.Builder()
                        .code(200)
                        .addHeader("Content-Type", "text/html")
                        .body("<!DOCTYPE html><html><body>Maintenance</body></html>")
                        .build();
            case PARTIAL -> partial(provider, symbols, fake.now().getEpochSecond());
            case INVALID_KEY, NONE -> throw new IllegalStateException("handled by the fake itself");
        };
    }

    /** All but the first symbol served; the first answers with the provider's per-symbol error. */
    private static MockResponse partial(String provider, List<String> symbols, long epoch) {
        if (!provider.equals("twelvedata") || symbols.size() < 2) {
            return FakeUpstream.json(
                    200, FakeDialects.twelveData(symbols.subList(0, Math.max(0, symbols.size() - 1)), 1, epoch));
        }
        String bad = symbols.get(0);
        StringBuilder sb = new StringBuilder("{\"" + bad + "\":{\"code\":404,\"message\":\"**symbol** not found: " + bad
                + ". Please specify it correctly\",\"status\":\"error\"}");
        for (String s : symbols.subList(1, symbols.size())) {
            sb.append(",\"").append(s).append("\":").append(FakeDialects.tdQuote(s, 1, epoch));
        }
        return FakeUpstream.json(200, sb.append('}').toString());
    }
}
