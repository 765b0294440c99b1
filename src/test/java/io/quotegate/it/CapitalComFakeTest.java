package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Capital.com fake speaks its session: a login checked and counted, tokens that lapse after ten idle
 * minutes, one login a second, ten requests a second.
 */
class CapitalComFakeTest {

    private final MutableClock clock = MutableClock.at("2026-03-11T14:00:00Z");
    private final FakeUpstream fake = new FakeUpstream(clock);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws IOException {
        fake.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> login(String password) {
        return send(HttpRequest.newBuilder(URI.create(fake.baseUrl("capitalcom") + "/api/v1/session"))
                .header("X-CAP-API-KEY", FakeCapitalCom.KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"identifier\":\"" + FakeCapitalCom.LOGIN
                        + "\",\"password\":\"" + password + "\",\"encryptedPassword\":false}")));
    }

    private HttpResponse<String> markets(HttpResponse<String> session) {
        return send(HttpRequest.newBuilder(URI.create(fake.baseUrl("capitalcom") + "/api/v1/markets?epics=US500,GOLD"))
                .header("CST", session.headers().firstValue("CST").orElse(""))
                .header(
                        "X-SECURITY-TOKEN",
                        session.headers().firstValue("X-SECURITY-TOKEN").orElse("")));
    }

    @Test
    void aLoginGivesTokensThatPriceCallsNeed_andOnlyPriceCallsAreCredits() {
        HttpResponse<String> session = login(FakeCapitalCom.PASSWORD);
        HttpResponse<String> prices = markets(session);

        assertThat(session.statusCode()).isEqualTo(200);
        assertThat(session.headers().firstValue("CST")).isPresent();
        assertThat(session.body()).contains("\"timezoneOffset\":" + FakeCapitalCom.OFFSET_HOURS);
        assertThat(prices.statusCode()).isEqualTo(200);
        assertThat(prices.body()).contains("\"epic\":\"US500\"").contains("\"epic\":\"GOLD\"");
        assertThat(fake.calls("capitalcom"))
                .singleElement()
                .satisfies(c -> assertThat(c.credits()).isEqualTo(1));
        assertThat(fake.capitalcom().logins()).isEqualTo(1);
    }

    @Test
    void aSessionIdleForTenMinutesIsRefused_andAUsedOneLivesOn() {
        HttpResponse<String> session = login(FakeCapitalCom.PASSWORD);
        clock.advance(Duration.ofMinutes(9));
        assertThat(markets(session).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(9));
        assertThat(markets(session).statusCode()).as("used 9 minutes ago").isEqualTo(200);

        clock.advance(FakeCapitalCom.IDLE);
        HttpResponse<String> lapsed = markets(session);

        assertThat(lapsed.statusCode()).isEqualTo(401);
        assertThat(lapsed.body()).isEqualTo("{\"errorCode\":\"error.invalid.session.token\"}");
        assertThat(fake.capitalcom().refusedPriceCalls()).isEqualTo(1);
    }

    @Test
    void wrongDetailsAreRefused_andASecondLoginWithinASecondIsTooMany() {
        assertThat(login("wrong-password").body()).isEqualTo("{\"errorCode\":\"error.invalid.details\"}");

        HttpResponse<String> again = login(FakeCapitalCom.PASSWORD);

        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(again.body()).isEqualTo("{\"errorCode\":\"error.too-many.requests\"}");
        assertThat(fake.capitalcom().logins())
                .as("the refused login counts, the one turned away at the door does not")
                .isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(login(FakeCapitalCom.PASSWORD).statusCode()).isEqualTo(200);
    }
}
