package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.testing.MutableClock;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Coinbase fake speaks the public product list and limits by a token bucket of 10 a second. */
class CoinbaseFakeTest {

    private final MutableClock clock = MutableClock.at("2026-03-11T09:00:00Z");
    private final FakeUpstream fake = new FakeUpstream(clock);

    @AfterEach
    void stop() throws IOException {
        fake.close();
    }

    private HttpResponse<String> products() {
        return FakeCalls.get(
                fake.baseUrl("coinbase") + "/api/v3/brokerage/market/products?product_ids=BTC-USD&product_ids=ETH-USD");
    }

    @Test
    void answersEveryProductAskedWithStringsAndADate() {
        HttpResponse<String> r = products();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"product_id\":\"BTC-USD\",\"price\":\"").contains("\"product_id\":\"ETH-USD\"");
        assertThat(r.headers().firstValue("Date")).contains("Wed, 11 Mar 2026 09:00:00 GMT");
        assertThat(fake.calls("coinbase"))
                .singleElement()
                .satisfies(c -> assertThat(c.symbols()).containsExactly("BTC-USD", "ETH-USD"));
    }

    @Test
    void aBurstPastTheBucketIsRefusedWith429AndRefillsAtTenASecond() {
        for (int i = 0; i < FakeProviderCounters.COINBASE_BURST; i++) {
            assertThat(products().statusCode()).as("call %d", i + 1).isEqualTo(200);
        }
        assertThat(products().statusCode()).isEqualTo(429);

        clock.advance(Duration.ofMillis(100));

        assertThat(products().statusCode()).as("one token back after 100 ms").isEqualTo(200);
        assertThat(products().statusCode()).isEqualTo(429);
    }
}
