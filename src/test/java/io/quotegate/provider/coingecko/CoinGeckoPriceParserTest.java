package io.quotegate.provider.coingecko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class CoinGeckoPriceParserTest {

    @Test
    void changeIsTheMoveSinceThePrice24hAgo() {
        // 24 h ago: 110 / 1.10 = 100, so +10 % means +10.
        assertThat(CoinGeckoPriceParser.change(new BigDecimal("110"), new BigDecimal("10")))
                .isEqualByComparingTo("10");
        // 90 now after -10 %: 100 before, so -10.
        assertThat(CoinGeckoPriceParser.change(new BigDecimal("90"), new BigDecimal("-10")))
                .isEqualByComparingTo("-10");
        assertThat(CoinGeckoPriceParser.change(new BigDecimal("67187.33"), new BigDecimal("3.64")))
                .isCloseTo(new BigDecimal("2359.7248"), within(new BigDecimal("0.0001")));
    }

    @Test
    void changeIsNullWithoutAPercent_orWhenItCannotBeDerived() {
        assertThat(CoinGeckoPriceParser.change(BigDecimal.TEN, null)).isNull();
        assertThat(CoinGeckoPriceParser.change(BigDecimal.TEN, new BigDecimal("-100")))
                .isNull();
    }
}
