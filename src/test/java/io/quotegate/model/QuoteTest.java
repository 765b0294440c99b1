package io.quotegate.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class QuoteTest {

    private static final Instant T = Instant.parse("2022-04-06T11:27:10.153Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Quote silver() {
        return Quote.ofBidAsk(
                "XAG/USD",
                new BigDecimal("24.191"),
                new BigDecimal("24.181"),
                new BigDecimal("24.201"),
                new BigDecimal("-0.335"),
                new BigDecimal("-1.3659"),
                T,
                "capitalcom");
    }

    @Test
    void bidAndAskAreInTheJsonWhenTheProviderQuotesThem() {
        JsonNode json = JSON.readTree(JSON.writeValueAsString(silver()));

        assertThat(json.get("bid").decimalValue()).isEqualByComparingTo("24.181");
        assertThat(json.get("ask").decimalValue()).isEqualByComparingTo("24.201");
        assertThat(json.get("price").decimalValue()).isEqualByComparingTo("24.191");
    }

    @Test
    void bidAndAskAreLeftOutOfTheJsonWhenAbsent() {
        Quote plain = Quote.of("EUR/USD", new BigDecimal("1.08"), null, null, T, "demo");

        JsonNode json = JSON.readTree(JSON.writeValueAsString(plain));

        assertThat(json.has("bid")).isFalse();
        assertThat(json.has("ask")).isFalse();
        assertThat(plain.bid()).isNull();
        assertThat(plain.ask()).isNull();
    }

    @Test
    void markingAQuoteKeepsItsBidAndAsk() {
        Quote marked = silver().asStale()
                .withMarket(false, T.plusSeconds(60))
                .asReference()
                .asFresh();

        assertThat(marked.bid()).isEqualByComparingTo("24.181");
        assertThat(marked.ask()).isEqualByComparingTo("24.201");
        assertThat(marked.marketOpen()).isFalse();
    }
}
