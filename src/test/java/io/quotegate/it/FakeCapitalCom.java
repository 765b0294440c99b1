package io.quotegate.it;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Capital.com as the fake speaks it, with its session: {@code POST /api/v1/session} checks the API key, login
 * and password and hands out {@code CST} and {@code X-SECURITY-TOKEN}; {@code GET /api/v1/markets?epics=} and
 * {@code GET /api/v1/ping} need them, and a session unused for {@link #IDLE} is refused with
 * {@code 401 error.invalid.session.token}, as Capital.com does. Its limits are counted the way Capital.com
 * states them: one login a second per API key ({@code 429 error.too-many.requests}), ten requests a second, at
 * most 50 epics a call. Every login is counted ({@link #logins()}), since logins are what the real provider
 * rations.
 *
 * <p>Prices are dated and sessions lapse on the clock {@link FakeUpstream} dates prices by (the real clock: a
 * provider's dates and its idle timer do not compress in seconds mode); the two are kept apart here all the same.
 * The answers'
 * {@code updateTime} is the account's local time at {@link #OFFSET_HOURS}, which the login states as
 * {@code timezoneOffset}.
 */
final class FakeCapitalCom {

    static final String NAME = "capitalcom";
    static final String KEY = "cap-fake-api-key-0123456789";
    static final String LOGIN = "trader@example.com";
    static final String PASSWORD = "cap-fake-password-9876";
    static final Duration IDLE = Duration.ofMinutes(10);
    static final int OFFSET_HOURS = 2;
    static final int MAX_EPICS = 50;

    /** The epics the fake knows, with a price to start from. */
    private static final Map<String, Double> EPICS = Map.ofEntries(
            Map.entry("US500", 5200.0),
            Map.entry("US100", 18200.0),
            Map.entry("US30", 39000.0),
            Map.entry("UK100", 7900.0),
            Map.entry("DE40", 18000.0),
            Map.entry("FR40", 8000.0),
            Map.entry("JP225", 39500.0),
            Map.entry("HK50", 17000.0),
            Map.entry("AU200", 7800.0),
            Map.entry("GOLD", 2400.0),
            Map.entry("SILVER", 28.0),
            Map.entry("OIL_CRUDE", 78.0));

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Clock prices;
    private final Clock sessions;
    private final Map<String, Instant> lastUsed = new HashMap<>();
    private final List<Instant> loginsAt = new ArrayList<>();
    private final List<Instant> requestsAt = new ArrayList<>();
    private int pings;
    private int refusedSessions;
    private int refusedPriceCalls;
    private int tooMany;
    private int n;

    FakeCapitalCom(Clock prices, Clock sessions) {
        this.prices = prices;
        this.sessions = sessions;
    }

    static boolean speaks(String provider) {
        return NAME.equals(provider);
    }

    synchronized int logins() {
        return loginsAt.size();
    }

    synchronized int pings() {
        return pings;
    }

    /** Price or keep-alive calls refused because their session had lapsed or was unknown. */
    synchronized int refusedSessions() {
        return refusedSessions;
    }

    /** Price calls refused because their session had lapsed or was unknown (keep-alive pings left out). */
    synchronized int refusedPriceCalls() {
        return refusedPriceCalls;
    }

    /** Answers {@code 429 error.too-many.requests}, for logins and other calls alike. */
    synchronized int tooManyRequests() {
        return tooMany;
    }

    /** Answers one request; only price calls are credits, which the caller records. */
    synchronized Answer dispatch(RecordedRequest r) {
        String path = r.getUrl().encodedPath();
        Instant now = sessions.instant();
        requestsAt.removeIf(t -> !t.isAfter(now.minusSeconds(1)));
        if (requestsAt.size() >= 10) {
            tooMany++;
            return Answer.other(error(429, "error.too-many.requests"));
        }
        requestsAt.add(now);
        if (path.endsWith("/api/v1/session") && "POST".equals(r.getMethod())) {
            return Answer.other(login(r, now));
        }
        String cst = r.getHeaders().get("CST");
        String token = r.getHeaders().get("X-SECURITY-TOKEN");
        Instant used = cst == null ? null : lastUsed.get(cst + "/" + token);
        if (used == null || !now.isBefore(used.plus(IDLE))) {
            refusedSessions++;
            if (!path.endsWith("/api/v1/ping")) {
                refusedPriceCalls++;
            }
            return Answer.other(error(401, "error.invalid.session.token"));
        }
        lastUsed.put(cst + "/" + token, now);
        if (path.endsWith("/api/v1/ping")) {
            pings++;
            return Answer.other(FakeUpstream.json(200, "{\"status\":\"OK\"}"));
        }
        List<String> epics = epics(r);
        if (epics.isEmpty()) {
            return Answer.other(error(400, "error.null.epic"));
        }
        if (epics.size() > MAX_EPICS) {
            return Answer.other(error(400, "error.invalid.epics"));
        }
        return Answer.priced(epics, FakeUpstream.json(200, markets(epics, ++n)));
    }

    private MockResponse login(RecordedRequest r, Instant now) {
        String key = r.getHeaders().get("X-CAP-API-KEY");
        if (key == null) {
            return error(400, "error.null.api.key");
        }
        if (!loginsAt.isEmpty()
                && now.isBefore(loginsAt.get(loginsAt.size() - 1).plusSeconds(1))) {
            tooMany++;
            return error(429, "error.too-many.requests");
        }
        loginsAt.add(now);
        JsonNode body = JSON.readTree(r.getBody() == null ? "{}" : r.getBody().utf8());
        if (!KEY.equals(key)
                || !LOGIN.equals(body.path("identifier").asString())
                || !PASSWORD.equals(body.path("password").asString())) {
            return error(401, "error.invalid.details");
        }
        String cst = "cst-" + loginsAt.size();
        String token = "tok-" + loginsAt.size();
        lastUsed.put(cst + "/" + token, now);
        return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .addHeader("CST", cst)
                .addHeader("X-SECURITY-TOKEN", token)
                .body("{\"accountType\":\"CFD\",\"currencyIsoCode\":\"USD\",\"timezoneOffset\":" + OFFSET_HOURS + "}")
                .build();
    }

    /** The provider symbols a price call asks for. */
    static List<String> epics(RecordedRequest r) {
        String raw = r.getUrl().queryParameter("epics");
        return raw == null || raw.isBlank()
                ? List.of()
                : Arrays.stream(raw.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
    }

    private String markets(List<String> epics, int version) {
        String local = LocalDateTime.ofInstant(prices.instant(), ZoneOffset.ofHours(OFFSET_HOURS))
                .toString();
        Set<String> known = EPICS.keySet();
        return epics.stream()
                .filter(known::contains)
                .map(epic -> {
                    BigDecimal bid = BigDecimal.valueOf(EPICS.get(epic) * (1 + version * 0.0001))
                            .setScale(2, RoundingMode.HALF_EVEN);
                    BigDecimal offer = bid.add(new BigDecimal("0.60"));
                    return "{\"instrument\":{\"epic\":\"" + epic + "\",\"type\":\"INDICES\"},\"snapshot\":{"
                            + "\"marketStatus\":\"TRADEABLE\",\"netChange\":1.5,\"percentageChange\":0.03,"
                            + "\"updateTime\":\"" + local + "\",\"bid\":" + bid + ",\"offer\":" + offer + "}}";
                })
                .collect(Collectors.joining(",", "{\"marketDetails\":[", "]}"));
    }

    private static MockResponse error(int status, String code) {
        return FakeUpstream.json(status, "{\"errorCode\":\"" + code + "\"}");
    }

    /** An answer, and when it is a price call, the epics it priced (one credit). */
    record Answer(MockResponse response, List<String> epics, boolean priced) {
        static Answer other(MockResponse response) {
            return new Answer(response, List.of(), false);
        }

        static Answer priced(List<String> epics, MockResponse response) {
            return new Answer(response, epics, true);
        }
    }
}
