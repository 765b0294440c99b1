package io.quotegate.provider.capitalcom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.provider.Credentials;
import io.quotegate.provider.LocalSessionStore;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.Secret;
import io.quotegate.provider.TestSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Capital.com's rules where no recorded answer shows them (see the corpus README, "Not found recorded"): the
 * answers here are written for the test, in the shape of the recorded ones.
 */
class CapitalComAdapterTest {

    private final CapitalComFixture capital = new CapitalComFixture();

    @AfterEach
    void stop() {
        capital.close();
    }

    /** A marketDetails answer written for the test: one entry per (epic, status, bid, offer). */
    private static String details(String... entries) {
        StringBuilder b = new StringBuilder("{\"marketDetails\":[");
        for (int i = 0; i < entries.length; i += 4) {
            if (i > 0) {
                b.append(',');
            }
            b.append("{\"instrument\":{\"epic\":\"")
                    .append(entries[i])
                    .append("\"},\"snapshot\":{\"marketStatus\":\"")
                    .append(entries[i + 1])
                    .append("\",\"updateTime\":\"2022-04-06T13:27:10.153\",\"bid\":")
                    .append(entries[i + 2])
                    .append(",\"offer\":")
                    .append(entries[i + 3])
                    .append("}}");
        }
        return b.append("]}").toString();
    }

    private void answer(String body) {
        capital.queue("markets", CapitalComFixture.json(200, body));
    }

    @Test
    void theAccountsOffsetFromTheLoginDatesTheSnapshotTime() {
        answer(details("US500", "TRADEABLE", "4559.7", "4560.3"));

        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("SPX")));

        assertThat(r.quotes().get("SPX").price()).isEqualByComparingTo("4560.0");
        assertThat(r.quotes().get("SPX").asOf())
                .as("13:27:10.153 at +2, the offset the login stated")
                .isEqualTo(Instant.parse("2022-04-06T11:27:10.153Z"));
    }

    @Test
    void withoutAnOffsetFromTheLogin_theTimeOfReceiptIsTheQuotesTime() {
        capital.queue("session", CapitalComFixture.json(200, "{}", "CST", "c", "X-SECURITY-TOKEN", "t"));
        answer(details("US500", "TRADEABLE", "4559.7", "4560.3"));

        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("SPX")));

        assertThat(r.quotes().get("SPX").asOf()).isEqualTo(capital.clock.instant());
    }

    @Test
    void closedMarkets_editsOnly_andMissingPrices_serveNothing_andQuarantineNothing() {
        answer(details(
                "US500",
                "TRADEABLE",
                "4559.7",
                "4560.3",
                "UK100",
                "EDITS_ONLY",
                "7600.1",
                "7601.1",
                "DE40",
                "CLOSED",
                "null",
                "null",
                "FR40",
                "TRADEABLE",
                "null",
                "6500.2"));

        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("SPX", "FTSE", "DAX", "CAC")));

        assertThat(r.quotes()).containsOnlyKeys("SPX");
        assertThat(r.rejected()).containsOnlyKeys("FTSE", "DAX", "CAC");
        assertThat(r.rejected().values())
                .allSatisfy(why -> assertThat(why.outcome()).isEqualTo(Outcome.MARKET_CLOSED));
        assertThat(r.rejected().get("FTSE").message()).contains("UK100 is EDITS_ONLY");
        assertThat(r.rejected().get("CAC").message()).contains("FR40 has no bid");
    }

    @Test
    void aBidAboveTheOfferIsMalformedForThatSymbol_theOthersServed() {
        answer(details("US500", "TRADEABLE", "4561.0", "4560.3", "UK100", "TRADEABLE", "7600.1", "7601.1"));

        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("SPX", "FTSE")));

        assertThat(r.quotes()).containsOnlyKeys("FTSE");
        assertThat(r.rejected().get("SPX").outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void anEpicMissingFromAnAnswerThatNamesNoOtherIsInvalid_aVerdictOnThatSymbol() {
        answer(details("US500", "TRADEABLE", "4559.7", "4560.3"));

        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("SPX", "FTSE")));

        assertThat(r.rejected().get("FTSE").outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
    }

    @Test
    void anAnswerServingNoneOfTheEpicsAsked_isAFaultOfTheCall_notAVerdictOnEachSymbol() {
        answer(details("GOLD", "TRADEABLE", "2650.127", "2650.341", "SILVER", "TRADEABLE", "24.1", "24.2"));
        ProviderException other = CapitalComFixture.failed(capital.adapter().fetch(List.of("SPX", "FTSE")));
        answer("{\"marketDetails\":[]}");
        ProviderException empty = CapitalComFixture.failed(capital.adapter().fetch(List.of("SPX")));

        assertThat(other.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(other.getMessage()).contains("US500,UK100").contains("GOLD,SILVER");
        assertThat(empty.outcome()).isEqualTo(Outcome.MALFORMED);
    }

    @Test
    void aSessionIsCreatedOnce_andUsedForEveryFetchWhileItLives() {
        CapitalComAdapter adapter = capital.adapter();
        for (int i = 0; i < 3; i++) {
            answer(details("US500", "TRADEABLE", "4559.7", "4560.3"));
            CapitalComFixture.served(adapter.fetch(List.of("SPX")));
            capital.clock.advance(Duration.ofMinutes(5));
        }

        assertThat(capital.logins.get()).isEqualTo(1);
        assertThat(capital.requests("markets"))
                .allSatisfy(r -> assertThat(r.getHeaders().get("CST")).isEqualTo("cst-1"));
    }

    @Test
    void concurrentFetchesOfOneProcessShareOneLogin() {
        CapitalComAdapter adapter = capital.adapter();
        for (int i = 0; i < 4; i++) {
            answer(details("US500", "TRADEABLE", "4559.7", "4560.3"));
        }

        List<ProviderResponse> all = Flux.range(0, 4)
                .flatMap(i -> adapter.fetch(List.of("SPX")))
                .collectList()
                .block(CapitalComFixture.WAIT);

        assertThat(all).hasSize(4);
        assertThat(capital.logins.get()).isEqualTo(1);
    }

    @Test
    void aSessionIdleLongerThanItCanBeTrusted_isCreatedAgainBeforeTheNextCall_notAfterAFailure() {
        CapitalComAdapter adapter = capital.adapter();
        answer(details("US500", "TRADEABLE", "4559.7", "4560.3"));
        CapitalComFixture.served(adapter.fetch(List.of("SPX")));
        capital.clock.advance(CapitalComSession.IDLE);

        answer(details("US500", "TRADEABLE", "4559.7", "4560.3"));
        CapitalComFixture.served(adapter.fetch(List.of("SPX")));

        assertThat(capital.logins.get()).isEqualTo(2);
        assertThat(capital.requests("markets").get(1).getHeaders().get("CST")).isEqualTo("cst-2");
        assertThat(capital.requests("markets")).as("no call was refused first").hasSize(2);
    }

    @Test
    void aRefusedSessionIsCreatedAgainOnce_andTheCallAskedOnceMore() {
        CapitalComAdapter adapter = capital.adapter();
        capital.queue("markets", CapitalComFixture.json(401, "{\"errorCode\":\"error.invalid.session.token\"}"));
        answer(details("US500", "TRADEABLE", "4559.7", "4560.3"));

        ProviderResponse r = CapitalComFixture.served(adapter.fetch(List.of("SPX")));

        assertThat(r.quotes()).containsOnlyKeys("SPX");
        assertThat(capital.logins.get()).isEqualTo(2);
        assertThat(capital.requests("markets").get(1).getHeaders().get("CST")).isEqualTo("cst-2");
    }

    @Test
    void aSessionRefusedTwiceIsAnAuthFailure_andNoThirdLoginLeaves() {
        CapitalComAdapter adapter = capital.adapter();
        for (int i = 0; i < 3; i++) {
            capital.queue("markets", CapitalComFixture.json(401, "{\"errorCode\":\"error.invalid.session.token\"}"));
        }

        ProviderException e = CapitalComFixture.failed(adapter.fetch(List.of("SPX")));

        assertThat(e.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(capital.logins.get()).isEqualTo(2);
        assertThat(capital.requests("markets")).hasSize(2);
    }

    @Test
    void theKeepAlivePingsAWantedSessionOnceItIsIdleEnough_andLetsItGoWhenNobodyWantsPrices() {
        CapitalComAdapter adapter = capital.adapter();
        answer(details("US500", "TRADEABLE", "4559.7", "4560.3"));
        CapitalComFixture.served(adapter.fetch(List.of("SPX")));
        List<Integer> pingedAt = new java.util.ArrayList<>();

        // The keep-alive's ticks, a minute apart, for 50 minutes after the price call.
        for (int minute = 1; minute <= 50; minute++) {
            capital.clock.advance(CapitalComSession.TICK);
            int before = capital.requests("ping").size();
            adapter.session().keepAlive().block(CapitalComFixture.WAIT);
            if (capital.requests("ping").size() > before) {
                pingedAt.add(minute);
            }
        }

        assertThat(pingedAt)
                .as("idle " + CapitalComSession.PING_AFTER + ", while a price call was made within "
                        + CapitalComSession.WANTED_FOR)
                .containsExactly(7, 14, 21, 28, 35);
        assertThat(capital.logins.get()).isEqualTo(1);
    }

    @Test
    void aReplicaDoesNotPingASessionAnotherReplicaCreated() {
        LocalSessionStore shared = new LocalSessionStore(capital.clock, "replica-a");
        answer(details("US500", "TRADEABLE", "4559.7", "4560.3"));
        CapitalComFixture.served(capital.adapter(Map.of(), shared).fetch(List.of("SPX")));
        CapitalComAdapter other = capital.adapter(Map.of(), new OtherReplica(shared, "replica-b"));

        capital.clock.advance(CapitalComSession.PING_AFTER);
        other.session().keepAlive().block(CapitalComFixture.WAIT);

        assertThat(capital.requests("ping")).isEmpty();
    }

    @Test
    void aReplicaThatMayNotLogInWaitsForTheSessionAnotherReplicaIsCreating() {
        LocalSessionStore shared = new LocalSessionStore(capital.clock, "replica-a");
        shared.lead("capitalcom", Duration.ofMinutes(1)).block();
        CapitalComAdapter waiting = capital.adapter(Map.of(), new OtherReplica(shared, "replica-b"));
        answer(details("US500", "TRADEABLE", "4559.7", "4560.3"));

        Mono<ProviderResponse> call = waiting.fetch(List.of("SPX"));
        ProviderException nobody = CapitalComFixture.failed(call);

        assertThat(nobody.outcome()).isEqualTo(Outcome.TRANSIENT);
        assertThat(capital.logins.get()).as("it never logged in itself").isZero();
    }

    @Test
    void indicesWithoutAKnownEpicAreNotSent_untilOneIsMapped() {
        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("RUT")));
        assertThat(r.rejected().get("RUT").outcome()).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(r.rejected().get("RUT").message()).contains("quotegate.providers.capitalcom.symbols");
        assertThat(capital.logins.get()).as("nothing to ask, no session").isZero();

        answer(details("US2000", "TRADEABLE", "2000.1", "2000.5"));
        CapitalComAdapter mapped = capital.adapter(Map.of("RUT", "US2000"), new LocalSessionStore(capital.clock, "a"));
        assertThat(CapitalComFixture.served(mapped.fetch(List.of("RUT"))).quotes())
                .containsOnlyKeys("RUT");
    }

    @Test
    void theDefaultEpicsOfTheShippedSymbols() {
        assertThat(CapitalComSymbols.defaultEpic("SPX")).isEqualTo("US500");
        assertThat(CapitalComSymbols.defaultEpic("XAU/USD")).isEqualTo("GOLD");
        assertThat(CapitalComSymbols.defaultEpic("EUR/USD")).isEqualTo("EURUSD");
        assertThat(CapitalComSymbols.defaultEpic("BTC/USD")).isEqualTo("BTCUSD");
        assertThat(CapitalComSymbols.defaultEpic("AAPL")).isEqualTo("AAPL");
    }

    @Test
    void rateLimitsAndProxyPagesOnAPriceCall() {
        capital.queue(
                "markets",
                new mockwebserver3.MockResponse.Builder()
                        .code(429)
                        .addHeader("Retry-After", "7")
                        .body("{\"errorCode\":\"error.too-many.requests\"}")
                        .build());
        ProviderException limited = CapitalComFixture.failed(capital.adapter().fetch(List.of("SPX")));
        capital.queue(
                "markets",
                new mockwebserver3.MockResponse.Builder()
                        .code(502)
                        .addHeader("Content-Type", "text/html")
                        .body("<html><body>502 Bad Gateway</body></html>")
                        .build());
        ProviderException proxy = CapitalComFixture.failed(capital.adapter().fetch(List.of("SPX")));

        assertThat(limited.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(limited.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(proxy.outcome()).isEqualTo(Outcome.TRANSIENT);
    }

    @Test
    void eachMissingCredentialIsNamed_andTooLargeABatchFailsTheStartNamingTheKey() {
        ProviderSettings none = TestSettings.withCredentials(
                "capitalcom", null, Credentials.none(), 50, Map.of(), Duration.ofSeconds(5), Map.of(), 0);
        String why = new CapitalComProviderFactory().missingCredentials(none);
        assertThat(why)
                .contains("CAPITALCOM_API_KEY")
                .contains("CAPITALCOM_IDENTIFIER")
                .contains("CAPITALCOM_PASSWORD");
        assertThat(new CapitalComProviderFactory().missingCredentials(capital.settings(Map.of())))
                .isNull();

        ProviderSettings big = TestSettings.withCredentials(
                "capitalcom",
                "http://localhost:1",
                new Credentials(Secret.of("k-1234"), Secret.none(), Secret.of("l"), Secret.of("p-1234")),
                51,
                Map.of(),
                Duration.ofSeconds(5),
                Map.of(),
                0);
        ProviderHttp http =
                new ProviderHttp("capitalcom", "http://localhost:1", Duration.ofSeconds(5), new KeyRedactor(List.of()));
        assertThatThrownBy(() -> new CapitalComProviderFactory().create(new ProviderContext(big, http, capital.clock)))
                .hasMessageStartingWith("quotegate.providers.capitalcom.max-batch");
    }
}
