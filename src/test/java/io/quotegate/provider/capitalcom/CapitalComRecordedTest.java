package io.quotegate.provider.capitalcom;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import io.quotegate.model.Window;
import io.quotegate.provider.LocalSessionStore;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every recorded Capital.com answer in {@code src/test/resources/recorded/capitalcom/} (provenance in its
 * README and cases.json), served with its recorded status and headers, and exactly what the adapter makes of
 * it: what is served (price, bid, ask, change, asOf), refused, or failed, and how.
 */
class CapitalComRecordedTest {

    private static final String DIR = "/recorded/capitalcom/";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CapitalComFixture capital = new CapitalComFixture();

    @AfterEach
    void stop() {
        capital.close();
    }

    /** The recorded answer as the fake serves it: the body byte for byte, the recorded status and headers. */
    private static MockResponse recorded(String file) {
        JsonNode c = cases().stream()
                .filter(n -> n.get("file").asString().equals(file))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + " is not in cases.json"));
        MockResponse.Builder b =
                new MockResponse.Builder().code(c.get("status").asInt()).body(resource(file));
        c.get("headers")
                .properties()
                .forEach(h -> b.addHeader(h.getKey(), h.getValue().asString()));
        return b.build();
    }

    private static List<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(resource("cases.json")).forEach(out::add);
        return out;
    }

    private static String resource(String file) {
        try (InputStream in = CapitalComRecordedTest.class.getResourceAsStream(DIR + file)) {
            return new String(Objects.requireNonNull(in, file).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyRecordedFileIsInTheManifestAndHasItsProvenance() {
        List<JsonNode> cases = cases();

        assertThat(cases).hasSizeGreaterThanOrEqualTo(6);
        for (JsonNode c : cases) {
            String file = c.get("file").asString();
            assertThat(resource(file)).as(file).isNotBlank();
            assertThat(c.get("source").get("repo").asString()).as(file).isEqualTo("capital-com-sv/capital-api-postman");
            assertThat(c.get("source").get("commit").asString()).as(file).hasSize(40);
            assertThat(resource("README.md")).as("README row for " + file).contains(file);
        }
    }

    @Test
    void recordedLogin_thenRecordedEpicsAnswer_servesBothMidsWithBidAskAndTheAccountsLocalTime() throws Exception {
        capital.queue("session", recorded("session-created.json"));
        capital.queue("markets", recorded("markets-epics-silver-naturalgas.json"));

        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("XAG/USD", "NG/USD")));

        assertThat(r.quotes()).containsOnlyKeys("XAG/USD", "NG/USD");
        assertThat(r.rejected()).isEmpty();
        Quote silver = r.quotes().get("XAG/USD");
        assertThat(silver.price()).isEqualByComparingTo("24.191");
        assertThat(silver.bid()).isEqualByComparingTo("24.181");
        assertThat(silver.ask()).isEqualByComparingTo("24.201");
        assertThat(silver.change()).isEqualByComparingTo("-0.335");
        assertThat(silver.changePercent()).isEqualByComparingTo("-1.3659");
        assertThat(silver.source()).isEqualTo("capitalcom");
        // updateTime 13:27:10.153 is the account's local time; the recorded login says timezoneOffset 3. (The
        // two examples come from different captures: the markets one's Date header, 11:27:12 GMT, shows that
        // account at +2; read with +3 the price is an hour older than that capture, never newer.)
        assertThat(silver.asOf()).isEqualTo(Instant.parse("2022-04-06T10:27:10.153Z"));
        Quote gas = r.quotes().get("NG/USD");
        assertThat(gas.price()).isEqualByComparingTo("6.297");
        assertThat(gas.bid()).isEqualByComparingTo("6.294");
        assertThat(gas.ask()).isEqualByComparingTo("6.3");
        assertThat(gas.asOf()).isEqualTo(Instant.parse("2022-04-06T10:27:11.890Z"));

        RecordedRequest login = capital.requests("session").get(0);
        assertThat(login.getMethod()).isEqualTo("POST");
        assertThat(login.getUrl().encodedPath()).isEqualTo("/api/v1/session");
        assertThat(login.getHeaders().get("X-CAP-API-KEY")).isEqualTo(CapitalComFixture.KEY);
        JsonNode sent = JSON.readTree(CapitalComFixture.body(login));
        assertThat(sent.get("identifier").asString()).isEqualTo(CapitalComFixture.LOGIN);
        assertThat(sent.get("password").asString()).isEqualTo(CapitalComFixture.PASSWORD);
        assertThat(sent.get("encryptedPassword").asBoolean()).isFalse();
        RecordedRequest prices = capital.requests("markets").get(0);
        assertThat(prices.getUrl().encodedPath()).isEqualTo("/api/v1/markets");
        assertThat(prices.getUrl().encodedQuery()).isEqualTo("epics=SILVER,NATURALGAS");
        assertThat(prices.getHeaders().get("CST")).isEqualTo("CST_TOKEN");
        assertThat(prices.getHeaders().get("X-SECURITY-TOKEN")).isEqualTo("SECURITY_TOKEN");
        assertThat(prices.getHeaders().get("X-CAP-API-KEY"))
                .as("the key goes to the login only")
                .isNull();
    }

    @Test
    void theEpicsAnswerDocumentedIn2022ServesTheSameQuotes() {
        capital.queue("session", recorded("session-created.json"));
        capital.queue("markets", recorded("markets-epics-silver-naturalgas-2022.json"));

        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("XAG/USD", "NG/USD")));

        assertThat(r.quotes().get("XAG/USD").price()).isEqualByComparingTo("24.191");
        assertThat(r.quotes().get("NG/USD").price()).isEqualByComparingTo("6.297");
        assertThat(r.rejected()).isEmpty();
    }

    @Test
    void theSearchAnswer_servesOnlyTheEpicAsked_atItsUtcTime_andNeverTheEpicsNobodyAskedFor() {
        capital.queue("markets", recorded("markets-search-silver.json"));

        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("XAG/USD")));

        assertThat(r.quotes()).containsOnlyKeys("XAG/USD");
        Quote silver = r.quotes().get("XAG/USD");
        assertThat(silver.price()).isEqualByComparingTo("24.376");
        assertThat(silver.bid()).isEqualByComparingTo("24.366");
        assertThat(silver.ask()).isEqualByComparingTo("24.386");
        assertThat(silver.asOf())
                .as("updateTimeUTC, whatever the account's offset")
                .isEqualTo(Instant.parse("2022-04-06T13:17:38.477Z"));
        assertThat(r.rejected()).isEmpty();
    }

    @Test
    void theSearchAnswersClosedMarket_isNotServed_notQuarantined_andItsLastPriceStays() {
        capital.queue("markets", recorded("markets-search-silver.json"));
        var adapter = capital.adapter(Map.of("SI.US", "SI"), new LocalSessionStore(capital.clock, "a"));

        ProviderResponse r = CapitalComFixture.served(adapter.fetch(List.of("XAG/USD", "SI.US")));

        assertThat(r.quotes()).containsOnlyKeys("XAG/USD");
        assertThat(r.rejected()).containsOnlyKeys("SI.US");
        assertThat(r.rejected().get("SI.US").outcome()).isEqualTo(Outcome.MARKET_CLOSED);
        assertThat(r.rejected().get("SI.US").message()).contains("SI is CLOSED").contains("last price stays");
    }

    @Test
    void theSearchAnswer_toTwoEpicsOneOfWhichItLacks_blamesTheMissingOneOnTheEpicsItNamedInstead() {
        capital.queue("markets", recorded("markets-search-silver.json"));

        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("XAG/USD", "AAPL")));

        assertThat(r.quotes()).containsOnlyKeys("XAG/USD");
        assertThat(r.rejected().get("AAPL").outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(r.rejected().get("AAPL").message()).isEqualTo("capitalcom answered for 5CPSG,SI, asked AAPL");
    }

    @Test
    void theOneMarketAnswer_namesItsEpic_andIsServedForIt() {
        capital.queue("session", recorded("session-created.json"));
        capital.queue("markets", recorded("market-silver.json"));

        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("XAG/USD")));

        assertThat(r.quotes().get("XAG/USD").price()).isEqualByComparingTo("24.213");
        assertThat(r.quotes().get("XAG/USD").asOf()).isEqualTo(Instant.parse("2022-04-06T10:17:42.113Z"));
    }

    @Test
    void theOneMarketAnswer_toAnotherEpic_isMalformedForTheSymbolAsked_neverServed() {
        capital.queue("markets", recorded("market-silver.json"));

        ProviderResponse r = CapitalComFixture.served(capital.adapter().fetch(List.of("XAU/USD")));

        assertThat(r.quotes()).isEmpty();
        assertThat(r.rejected().get("XAU/USD").outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(r.rejected().get("XAU/USD").message()).isEqualTo("capitalcom answered for SILVER, asked GOLD");
    }

    @Test
    void epicNotFound_bothGenerations_isAVerdictOnTheOneEpicAsked_orUnnamedForSeveral() {
        for (String file : List.of("market-error-not-found-epic.json", "market-error-epic-not-found-2022.json")) {
            capital.queue("markets", recorded(file));
            ProviderException one = CapitalComFixture.failed(capital.adapter().fetch(List.of("ZZZ")));
            assertThat(one.outcome()).as(file).isEqualTo(Outcome.INVALID_SYMBOLS);
            assertThat(one.symbols()).as(file).containsExactly("ZZZ");
            assertThat(one.status()).isEqualTo(404);

            capital.queue("markets", recorded(file));
            ProviderException two = CapitalComFixture.failed(capital.adapter().fetch(List.of("ZZZ", "XAG/USD")));
            assertThat(two.outcome()).as(file).isEqualTo(Outcome.INVALID_SYMBOLS);
            assertThat(two.symbols()).as(file + ": the caller bisects").isEmpty();
        }
    }

    @Test
    void anEmptyEpicsRequest_bothGenerations_isMalformed_aRequestWeBuiltWrong() {
        for (String file : List.of("markets-error-null-epic.json", "markets-error-null-not-allowed-epic-2022.json")) {
            capital.queue("markets", recorded(file));
            ProviderException e = CapitalComFixture.failed(capital.adapter().fetch(List.of("XAG/USD")));
            assertThat(e.outcome()).as(file).isEqualTo(Outcome.MALFORMED);
            assertThat(e.status()).isEqualTo(400);
        }
    }

    @Test
    void refusedLogins_everyGeneration_areAuthFailures_andNoPriceCallLeaves() {
        for (String file : List.of(
                "session-error-null-api-key.json",
                "session-error-invalid-details.json",
                "session-error-security-invalid-details-2022.json")) {
            capital.queue("session", recorded(file));
            ProviderException e = CapitalComFixture.failed(capital.adapter().fetch(List.of("XAG/USD")));
            assertThat(e.outcome()).as(file).isEqualTo(Outcome.AUTH_FAILED);
            assertThat(e.getMessage()).as(file).contains("login").contains("error.");
        }
        assertThat(capital.requests("markets")).isEmpty();
    }

    @Test
    void aRefusedLoginIsNotTriedAgainWithTheSameCredentials() {
        capital.queue("session", recorded("session-error-invalid-details.json"));
        CapitalComAdapter adapter = capital.adapter();
        CapitalComFixture.failed(adapter.fetch(List.of("XAG/USD")));
        capital.clock.advance(Duration.ofMinutes(30));

        ProviderException again = CapitalComFixture.failed(adapter.fetch(List.of("XAG/USD")));

        assertThat(again.outcome()).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(capital.logins.get()).as("one login sent, not two").isEqualTo(1);
        capital.clock.advance(CapitalComSession.REFUSED_BACKOFF);
        capital.queue("markets", recorded("markets-search-silver.json"));
        CapitalComFixture.served(adapter.fetch(List.of("XAG/USD")));
        assertThat(capital.logins.get()).isEqualTo(2);
    }

    @Test
    void aRateLimitedLogin_holdsFurtherLoginsBack_andSaysUntilWhen() {
        capital.queue("session", recorded("session-error-too-many-requests.json"));
        CapitalComAdapter adapter = capital.adapter();

        ProviderException first = CapitalComFixture.failed(adapter.fetch(List.of("XAG/USD")));
        ProviderException second = CapitalComFixture.failed(adapter.fetch(List.of("XAG/USD")));

        assertThat(first.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(first.window()).isEqualTo(Window.MINUTE);
        assertThat(first.status()).isEqualTo(429);
        assertThat(second.outcome()).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(second.retryAfter())
                .as("the circuit holds off until then")
                .isEqualTo(CapitalComSession.LOGIN_BACKOFF);
        assertThat(capital.logins.get()).isEqualTo(1);
    }

    @Test
    void theRecordedPingKeepsTheSessionAlive_soTheNextSlotNeedsNoLogin() {
        CapitalComAdapter adapter = capital.adapter();
        capital.queue("markets", recorded("markets-epics-silver-naturalgas.json"));
        CapitalComFixture.served(adapter.fetch(List.of("XAG/USD", "NG/USD")));
        capital.queue("ping", recorded("ping-ok.json"));
        capital.clock.advance(CapitalComSession.PING_AFTER);

        adapter.session().keepAlive().block(CapitalComFixture.WAIT);
        capital.clock.advance(Duration.ofMinutes(8));
        capital.queue("markets", recorded("markets-epics-silver-naturalgas.json"));
        ProviderResponse r = CapitalComFixture.served(adapter.fetch(List.of("XAG/USD", "NG/USD")));

        RecordedRequest ping = capital.requests("ping").get(0);
        assertThat(ping.getHeaders().get("CST")).isEqualTo("cst-1");
        assertThat(r.quotes()).containsOnlyKeys("XAG/USD", "NG/USD");
        assertThat(capital.logins.get())
                .as("15 minutes after the login, thanks to the ping")
                .isEqualTo(1);
    }
}
