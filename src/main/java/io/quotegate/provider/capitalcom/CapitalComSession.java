package io.quotegate.provider.capitalcom;

import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderSession;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SessionStore;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Capital.com's login session, a scarce thing: logging in ({@code POST /api/v1/session} with the API key in
 * {@code X-CAP-API-KEY} and {@code {"identifier","password","encryptedPassword":false}}) is limited to one a
 * second per key and counted, and a session lapses after 10 minutes without a call. So:
 *
 * <ul>
 *   <li>a session is created only when a price call needs one and none is held; it is kept in the
 *       {@link SessionStore}, so in distributed mode the replicas share one, created by whichever replica first
 *       needs it while holding the store's login lease (the others wait for it to appear);</li>
 *   <li>while prices were asked within {@link #WANTED_FOR} (longer than a feed's half-hour gap between slots),
 *       the replica that created it keeps it alive with {@code GET /api/v1/ping} once it has been idle
 *       {@link #PING_AFTER}; after that it lapses, and the next slot creates a new one before its call;</li>
 *   <li>a session refused by a price call is dropped and created again once (the adapter's part);</li>
 *   <li>a login answered with a rate limit is not tried again for {@link #LOGIN_BACKOFF}, and a login refused
 *       for its credentials not before {@link #REFUSED_BACKOFF}, unless the credentials change meanwhile (a
 *       rotated key or password file): retrying would only count more logins, and could lock the account.</li>
 * </ul>
 *
 * Idle times are real time, whatever {@code quotegate.schedule.unit}: the provider's clock does not compress.
 * Logins and pings are session upkeep, not price calls: the ledger does not count them (README, "Capital.com").
 */
final class CapitalComSession {

    private static final Logger log = LoggerFactory.getLogger(CapitalComSession.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String LOGIN_PATH = "/api/v1/session";
    static final String PING_PATH = "/api/v1/ping";
    static final String CST = "CST";
    static final String SECURITY_TOKEN = "X-SECURITY-TOKEN";
    static final String OFFSET = "timezoneOffset";

    /** How long a session is trusted after its last call: a minute inside Capital.com's 10. */
    static final Duration IDLE = Duration.ofMinutes(9);
    /** A session idle this long is pinged, while it is wanted. */
    static final Duration PING_AFTER = Duration.ofMinutes(7);
    /** A session is kept alive this long after its last price call. */
    static final Duration WANTED_FOR = Duration.ofMinutes(40);
    /** How often the keep-alive looks at the session. */
    static final Duration TICK = Duration.ofMinutes(1);
    /** The login lease: one replica logs in at a time. */
    static final Duration LEASE = Duration.ofSeconds(15);
    /** How long a replica waits for the session another replica is creating: {@code WAITS} x {@code WAIT}. */
    static final Duration WAIT = Duration.ofMillis(500);

    static final int WAITS = 10;
    static final Duration LOGIN_BACKOFF = Duration.ofMinutes(5);
    static final Duration REFUSED_BACKOFF = Duration.ofHours(1);

    private final String provider;
    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final Clock clock;
    private final SessionStore store;
    private final Scheduler scheduler;
    private final AtomicLong logins = new AtomicLong();
    private @Nullable Mono<ProviderSession> loggingIn;
    private volatile @Nullable Refusal refusal;

    /** Why logging in is not tried now: until when, which failure to answer, and for which credentials. */
    private record Refusal(Instant until, ProviderException failure, int credentials) {}

    CapitalComSession(
            ProviderSettings settings, ProviderHttp http, Clock clock, SessionStore store, Scheduler scheduler) {
        this.provider = settings.name();
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.store = store;
        this.scheduler = scheduler;
    }

    /** Logins this replica has sent. */
    long logins() {
        return logins.get();
    }

    /** The session to make a price call with: the one held, else a new one. */
    Mono<ProviderSession> current() {
        return store.get(provider)
                .flatMap(held -> held.filter(this::usable).map(Mono::just).orElseGet(this::login));
    }

    /** The provider refused {@code stale}: drops it and creates another. */
    Mono<ProviderSession> renew(ProviderSession stale) {
        return store.drop(provider, stale).then(login());
    }

    /** A call was made with the session; for prices when {@code forPrices}. */
    Mono<Void> used(ProviderSession session, boolean forPrices) {
        return store.touch(provider, session, clock.instant(), forPrices, IDLE);
    }

    /**
     * One look of the keep-alive: pings the held session when this replica created it, prices were asked with it
     * within {@link #WANTED_FOR}, and it has been idle {@link #PING_AFTER}. Completes empty whatever happens.
     */
    Mono<Void> keepAlive() {
        Instant now = clock.instant();
        return store.get(provider)
                .flatMap(held -> held.filter(s -> s.owner().equals(store.owner()))
                        .filter(s -> Duration.between(s.wantedAt(), now).compareTo(WANTED_FOR) < 0)
                        .filter(s -> Duration.between(s.usedAt(), now).compareTo(PING_AFTER) >= 0)
                        .map(this::ping)
                        .orElse(Mono.empty()))
                .onErrorResume(e -> {
                    log.debug("capitalcom keep-alive: {}", e.toString());
                    return Mono.empty();
                });
    }

    private Mono<Void> ping(ProviderSession session) {
        return http.get(
                        uri -> uri.path(PING_PATH).build(),
                        h -> session.headers().forEach(h::set))
                .flatMap(raw -> {
                    if (raw.isSuccess()) {
                        return used(session, false);
                    }
                    if (CapitalComErrors.sessionRefused(raw)) {
                        return store.drop(provider, session);
                    }
                    return Mono.empty();
                });
    }

    private boolean usable(ProviderSession s) {
        return Duration.between(s.usedAt(), clock.instant()).compareTo(IDLE) < 0;
    }

    /** One login at a time in this process; concurrent callers share it. */
    private synchronized Mono<ProviderSession> login() {
        Mono<ProviderSession> running = loggingIn;
        if (running != null) {
            return running;
        }
        Mono<ProviderSession> fresh =
                Mono.defer(this::loginOnce).doFinally(s -> forget()).cache();
        loggingIn = fresh;
        return fresh;
    }

    private synchronized void forget() {
        loggingIn = null;
    }

    private Mono<ProviderSession> loginOnce() {
        ProviderException refused = refused();
        if (refused != null) {
            return Mono.error(refused);
        }
        return store.lead(provider, LEASE).flatMap(lead -> lead ? loginLeading() : waitForOther(0));
    }

    /** This replica holds the lease: someone may have logged in just before; else log in. */
    private Mono<ProviderSession> loginLeading() {
        return store.get(provider)
                .flatMap(held -> held.filter(this::usable).map(Mono::just).orElseGet(this::post))
                .flatMap(s -> store.release(provider).thenReturn(s))
                .onErrorResume(e -> store.release(provider).then(Mono.error(e)));
    }

    private Mono<ProviderSession> waitForOther(int waited) {
        if (waited >= WAITS) {
            return Mono.error(ProviderException.transientFailure(
                    "capitalcom: another replica holds the login lease and no session appeared within "
                            + WAIT.multipliedBy(WAITS).toMillis() + " ms (or Redis cannot be reached)",
                    null));
        }
        return Mono.delay(WAIT, scheduler)
                .then(store.get(provider))
                .flatMap(held -> held.filter(this::usable).map(Mono::just).orElseGet(() -> waitForOther(waited + 1)));
    }

    private Mono<ProviderSession> post() {
        String key = settings.apiKey();
        int credentials = fingerprint();
        logins.incrementAndGet();
        return http.post(
                        uri -> uri.path(LOGIN_PATH).build(),
                        h -> {
                            if (key != null) {
                                h.set("X-CAP-API-KEY", key);
                            }
                        },
                        body())
                .flatMap(raw -> raw.read(r -> created(r, credentials)))
                .flatMap(s -> store.put(provider, s, IDLE).thenReturn(s))
                .doOnNext(s ->
                        log.info("capitalcom: logged in (session {}, login {} of this replica)", s.id(), logins()));
    }

    /** The session a login answer created; throws the failure it stands for when it created none. */
    private ProviderSession created(RawResponse raw, int credentials) {
        if (!raw.isSuccess()) {
            throw refusedLogin(raw, credentials);
        }
        String cst = raw.header(CST).orElse(null);
        String token = raw.header(SECURITY_TOKEN).orElse(null);
        if (cst == null || token == null) {
            throw ProviderException.malformed(
                    "capitalcom login HTTP " + raw.status() + " carried no CST and X-SECURITY-TOKEN headers");
        }
        refusal = null;
        Map<String, String> facts = new LinkedHashMap<>();
        JsonNode body = JsonValues.container(raw.body());
        BigDecimal offset = body == null ? null : JsonValues.decimal(body.get(OFFSET));
        if (offset != null) {
            facts.put(OFFSET, offset.toPlainString());
        }
        Instant now = clock.instant();
        return new ProviderSession(
                // Only told apart from another login's session, never a secret: no SecureRandom read on the
                // event loop that answered the login.
                new UUID(
                                ThreadLocalRandom.current().nextLong(),
                                ThreadLocalRandom.current().nextLong())
                        .toString(),
                Map.of(CST, cst, SECURITY_TOKEN, token),
                facts,
                store.owner(),
                now,
                now,
                now);
    }

    /** The failure a refused login stands for; a rate limit or refused credentials hold further logins back. */
    private ProviderException refusedLogin(RawResponse raw, int credentials) {
        ProviderException e = CapitalComErrors.login(raw, http.redactor(), clock);
        Instant now = clock.instant();
        Duration retryAfter = e.retryAfter();
        if (e.outcome() == Outcome.RATE_LIMITED) {
            Duration hold = retryAfter != null && retryAfter.compareTo(LOGIN_BACKOFF) > 0 ? retryAfter : LOGIN_BACKOFF;
            refusal = new Refusal(now.plus(hold), e, credentials);
        } else if (e.outcome() == Outcome.AUTH_FAILED) {
            refusal = new Refusal(now.plus(REFUSED_BACKOFF), e, credentials);
        }
        return e;
    }

    /** Why not to log in now, or null: a rate limit still running, or the same credentials refused lately. */
    private @Nullable ProviderException refused() {
        Refusal r = refusal;
        if (r == null) {
            return null;
        }
        Instant now = clock.instant();
        boolean authRefusal = r.failure().outcome() == Outcome.AUTH_FAILED;
        if (!now.isBefore(r.until()) || (authRefusal && r.credentials() != fingerprint())) {
            return null;
        }
        Duration left = Duration.between(now, r.until());
        String message = "capitalcom: not logging in again before " + r.until() + " ("
                + r.failure().getMessage() + (authRefusal ? "; sooner if the credentials change" : "") + ")";
        return authRefusal
                ? ProviderException.of(Outcome.AUTH_FAILED, message)
                : ProviderException.rateLimited(message, left, r.failure().window());
    }

    private int fingerprint() {
        return Objects.hash(settings.apiKey(), settings.identifier(), settings.password());
    }

    private String body() {
        Map<String, Object> login = new LinkedHashMap<>();
        login.put("identifier", Objects.toString(settings.identifier(), ""));
        login.put("password", Objects.toString(settings.password(), ""));
        login.put("encryptedPassword", false);
        return JSON.writeValueAsString(login);
    }

    /** The account's offset from UTC that the session's login stated, or null. */
    static @Nullable ZoneOffset offset(ProviderSession session) {
        String hours = session.fact(OFFSET);
        if (hours == null) {
            return null;
        }
        try {
            int seconds =
                    new BigDecimal(hours).multiply(BigDecimal.valueOf(3600)).intValueExact();
            return ZoneOffset.ofTotalSeconds(seconds);
        } catch (ArithmeticException | java.time.DateTimeException | NumberFormatException e) {
            return null;
        }
    }
}
