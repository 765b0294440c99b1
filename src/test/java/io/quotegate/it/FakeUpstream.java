package io.quotegate.it;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * Local stand-ins for every real provider, speaking each one's dialect (paths, batch syntax,
 * response shapes, error bodies, usage headers), all on one MockWebServer under per-provider path
 * prefixes. Each fake enforces the limits it is given on the test's clock and answers "over limit"
 * the way the real provider does, so a test can assert that nobody ever heard that answer. A fault
 * can be switched on per provider; it stays until cleared.
 */
final class FakeUpstream implements AutoCloseable {

    static final String TD_KEY = "td-secret-key-0123456789";
    static final String MS_KEY = "ms-secret-key-9876543210";
    static final String CG_KEY = "cg-secret-key-5555555555";

    /** Faults a provider can be made to show. */
    enum Fault {
        NONE,
        TIMEOUT,
        SLOW_BODY,
        RESET,
        JSON_500,
        HTML_502,
        RETRY_503,
        TD_429_BODY,
        HTTP_429,
        BINANCE_418,
        MALFORMED,
        TRUNCATED,
        EMPTY,
        WRONG_CONTENT_TYPE,
        PARTIAL,
        INVALID_KEY
    }

    /** One request as the fake saw it. */
    record Call(String provider, Instant at, List<String> symbols, int credits, int status, boolean overLimit) {}

    private final MockWebServer server = new MockWebServer();
    /** The provider's own clock: its windows, in model time in seconds mode, as the gateway counts them. */
    private final Clock clock;
    /** When prices are from: the real clock, also in seconds mode (the network and the markets' data do not compress). */
    private final Clock stamps;

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, int[]> limits = new ConcurrentHashMap<>();
    private final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger version = new AtomicInteger();
    private final FakeProviderCounters counters;
    private final FakeCapitalCom capitalcom;

    FakeUpstream(Clock clock) {
        this(clock, clock);
    }

    /**
     * Windows counted on {@code windows} (a model clock in seconds mode); prices dated by {@code stamps}, on which
     * Capital.com's sessions also lapse (the real clock: neither a provider's dates nor its idle timer compress).
     */
    FakeUpstream(Clock windows, Clock stamps) {
        this.clock = windows;
        this.stamps = stamps;
        this.counters = new FakeProviderCounters(clock);
        this.capitalcom = new FakeCapitalCom(stamps, stamps);
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return FakeUpstream.this.dispatch(request);
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String baseUrl(String provider) {
        return server.url("/" + provider).toString();
    }

    /** Per-minute and per-day credit limits the fake enforces for a provider (0 = none). */
    void limit(String provider, int perMinute, int perDay) {
        limits.put(provider, new int[] {perMinute, perDay});
    }

    void fault(String provider, Fault fault) {
        faults.put(provider, fault);
    }

    void clearFaults() {
        faults.clear();
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    void forget() {
        calls.clear();
    }

    List<Call> calls(String provider) {
        return calls().stream().filter(c -> c.provider().equals(provider)).toList();
    }

    /** Credits the provider counted for calls it accepted (a rejected over-limit call is not charged). */
    int credits(String provider) {
        return calls(provider).stream()
                .filter(c -> c.status() == 200 && !c.overLimit())
                .mapToInt(Call::credits)
                .sum();
    }

    long overLimitAnswers() {
        return calls().stream().filter(Call::overLimit).count();
    }

    /** The most credits accepted within one UTC minute, per provider. */
    int busiestMinute(String provider) {
        return calls(provider).stream()
                .filter(c -> !c.overLimit())
                .collect(Collectors.groupingBy(
                        c -> c.at().truncatedTo(ChronoUnit.MINUTES), Collectors.summingInt(Call::credits)))
                .values()
                .stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(0);
    }

    private MockResponse dispatch(RecordedRequest request) {
        String path = request.getUrl().encodedPath();
        String provider = path.split("/")[1];
        if (FakeCapitalCom.speaks(provider)) {
            return capitalcom(request);
        }
        List<String> symbols = symbols(provider, request);
        int credits = switch (provider) {
            case "twelvedata" -> symbols.size();
            case "marketstack" -> symbols.size(); // "Each symbol consumes one API request"
            case "binance" -> 2;
            default -> 1;
        };
        Fault fault = faults.getOrDefault(provider, Fault.NONE);
        boolean exchange = FakeExchangeDialects.speaks(provider);
        if (fault == Fault.INVALID_KEY || !keyOk(provider, request)) {
            return record(
                    provider,
                    symbols,
                    credits,
                    false,
                    exchange ? FakeExchangeDialects.invalidKey(provider) : invalidKey(provider));
        }
        if (overLimit(provider, credits) || !counters.admit(provider)) {
            return record(
                    provider,
                    symbols,
                    credits,
                    true,
                    exchange ? FakeExchangeDialects.overLimit(provider, counters) : overLimitAnswer(provider));
        }
        if (fault != Fault.NONE) {
            MockResponse faulty = FakeFaults.respond(provider, fault, symbols, this);
            return record(provider, symbols, fault == Fault.PARTIAL ? credits : 0, false, faulty);
        }
        return record(
                provider,
                symbols,
                credits,
                false,
                exchange
                        ? FakeExchangeDialects.ok(
                                provider, symbols, version.incrementAndGet(), stamps.instant(), counters)
                        : FakeDialects.ok(provider, symbols, version.incrementAndGet(), stamps));
    }

    /** Capital.com's session and limits are its fake's; price calls are recorded and limited like the others'. */
    private MockResponse capitalcom(RecordedRequest request) {
        String name = FakeCapitalCom.NAME;
        Fault fault = faults.getOrDefault(name, Fault.NONE);
        if (request.getUrl().encodedPath().endsWith("/markets")) {
            List<String> epics = FakeCapitalCom.epics(request);
            if (fault != Fault.NONE) {
                return record(name, epics, 0, false, FakeFaults.respond(name, fault, epics, this));
            }
            if (overLimit(name, 1)) {
                return record(name, epics, 1, true, json(429, "{\"errorCode\":\"error.too-many.requests\"}"));
            }
        }
        FakeCapitalCom.Answer a = capitalcom.dispatch(request);
        return a.priced() ? record(name, a.epics(), 1, false, a.response()) : a.response();
    }

    FakeCapitalCom capitalcom() {
        return capitalcom;
    }

    private boolean overLimit(String provider, int credits) {
        int[] l = limits.get(provider);
        if (l == null) {
            return false;
        }
        Instant now = clock.instant();
        int minute = 0;
        int day = 0;
        for (Call c : calls(provider)) {
            if (c.status() != 200 || c.overLimit()) {
                continue;
            }
            if (c.at().truncatedTo(ChronoUnit.MINUTES).equals(now.truncatedTo(ChronoUnit.MINUTES))) {
                minute += c.credits();
            }
            if (c.at().truncatedTo(ChronoUnit.DAYS).equals(now.truncatedTo(ChronoUnit.DAYS))) {
                day += c.credits();
            }
        }
        return (l[0] > 0 && minute + credits > l[0]) || (l[1] > 0 && day + credits > l[1]);
    }

    /** The minute's credits so far, as Twelve Data reports them in api-credits-used. */
    int usedThisMinute(String provider) {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        return calls(provider).stream()
                .filter(c -> !c.overLimit()
                        && c.status() == 200
                        && c.at().truncatedTo(ChronoUnit.MINUTES).equals(minute))
                .mapToInt(Call::credits)
                .sum();
    }

    private MockResponse record(
            String provider, List<String> symbols, int credits, boolean overLimit, MockResponse response) {
        calls.add(new Call(provider, clock.instant(), symbols, credits, response.getCode(), overLimit));
        return response;
    }

    private static boolean keyOk(String provider, RecordedRequest r) {
        return switch (provider) {
            case "twelvedata" -> ("apikey " + TD_KEY).equals(r.getHeaders().get("Authorization"));
            case "marketstack" -> MS_KEY.equals(r.getUrl().queryParameter("access_key"));
            default -> FakeExchangeDialects.keyOk(provider, r);
        };
    }

    /** When the fake's answers say their prices are from (the real clock). */
    Instant now() {
        return stamps.instant();
    }

    private static MockResponse invalidKey(String provider) {
        return switch (provider) {
            case "twelvedata" ->
                json(
                        200,
                        "{\"code\":401,\"message\":\"**apikey** parameter is incorrect or not specified.\",\"status\":\"error\"}");
            case "marketstack" ->
                json(
                        401,
                        "{\"error\":{\"code\":\"invalid_access_key\",\"message\":\"You have not supplied a valid API Access Key.\"}}");
            case "coingecko" -> json(401, "{\"status\":{\"error_code\":10002,\"error_message\":\"API Key Missing\"}}");
            default -> json(401, "{\"code\":-2015,\"msg\":\"Invalid API-key.\"}");
        };
    }

    private static MockResponse overLimitAnswer(String provider) {
        return switch (provider) {
            case "twelvedata" ->
                json(
                        200,
                        "{\"code\":429,\"message\":\"You have run out of API credits for the current minute.\",\"status\":\"error\"}");
            case "binance" ->
                new MockResponse.Builder()
                        .code(429)
                        .addHeader("Retry-After", "30")
                        .addHeader("Content-Type", "application/json")
                        .body("{\"code\":-1003,\"msg\":\"Too much request weight used.\"}")
                        .build();
            case "marketstack" ->
                json(429, "{\"error\":{\"code\":\"too_many_requests\",\"message\":\"monthly usage limit reached\"}}");
            default ->
                json(429, "{\"status\":{\"error_code\":429,\"error_message\":\"You've exceeded the Rate Limit.\"}}");
        };
    }

    static MockResponse json(int status, String body) {
        return new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    static MockResponse reset() {
        return new MockResponse.Builder()
                .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
                .build();
    }

    static MockResponse stalled(long seconds) {
        return new MockResponse.Builder()
                .headersDelay(seconds, TimeUnit.SECONDS)
                .body("{}")
                .build();
    }

    private static List<String> symbols(String provider, RecordedRequest r) {
        if (FakeExchangeDialects.speaks(provider)) {
            return FakeExchangeDialects.symbols(provider, r);
        }
        String raw = switch (provider) {
            case "twelvedata" -> r.getUrl().queryParameter("symbol");
            case "marketstack" -> r.getUrl().queryParameter("symbols");
            case "binance" -> r.getUrl().queryParameter("symbols");
            case "coingecko" -> r.getUrl().queryParameter("ids");
            case "frankfurter" -> r.getUrl().queryParameter("symbols");
            default -> null;
        };
        if (raw == null) {
            return List.of();
        }
        String s = URLDecoder.decode(raw, StandardCharsets.UTF_8)
                .replace("[", "")
                .replace("]", "")
                .replace("\"", "");
        return Arrays.stream(s.split(","))
                .map(String::trim)
                .filter(x -> !x.isEmpty())
                .toList();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
