package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.testing.MutableClock;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Alpaca fake speaks stock snapshots, wants the key pair, and counts 200 calls a clock minute. */
class AlpacaFakeTest {

    private final MutableClock clock = MutableClock.at("2026-03-11T14:30:10Z");
    private final FakeUpstream fake = new FakeUpstream(clock);

    @AfterEach
    void stop() throws IOException {
        fake.close();
    }

    private HttpResponse<String> snapshots(String key, String secret) {
        return FakeCalls.get(
                fake.baseUrl("alpaca") + "/v2/stocks/snapshots?symbols=AAPL,INVALID&feed=iex",
                "APCA-API-KEY-ID",
                key,
                "APCA-API-SECRET-KEY",
                secret);
    }

    private HttpResponse<String> snapshots() {
        return snapshots(FakeExchangeDialects.ALPACA_KEY, FakeExchangeDialects.ALPACA_SECRET);
    }

    @Test
    void answersASymbolMapWithNullForAnUnknownSymbolAndItsRateLimitHeaders() {
        HttpResponse<String> r = snapshots();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .contains("\"AAPL\":{\"latestTrade\":{\"t\":\"2026-03-11T14:30:10Z\"")
                .contains("\"INVALID\":null");
        assertThat(r.headers().firstValue("X-RateLimit-Limit")).contains("200");
        assertThat(r.headers().firstValue("X-RateLimit-Remaining")).contains("199");
        assertThat(r.headers().firstValue("X-RateLimit-Reset")).contains(Long.toString(1773239460L));
    }

    @Test
    void aWrongHalfOfTheKeyPairIsForbidden() {
        HttpResponse<String> r = snapshots(FakeExchangeDialects.ALPACA_KEY, "not-the-secret");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"message\": \"forbidden.\"}");
    }

    @Test
    void theTwoHundredAndFirstCallOfAMinuteIsRefusedUntilTheNextMinute() {
        for (int i = 0; i < FakeProviderCounters.ALPACA_PER_MINUTE; i++) {
            assertThat(snapshots().statusCode()).as("call %d", i + 1).isEqualTo(200);
        }

        HttpResponse<String> refused = snapshots();
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("X-RateLimit-Remaining")).contains("0");

        clock.advance(Duration.ofSeconds(50));
        assertThat(snapshots().statusCode()).isEqualTo(200);
    }
}
