package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.budget;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cost key: per-symbol | per-call | weight:n. */
class CostModelTest {

    @Test
    void shouldParsePerSymbolAndChargeOneCreditPerSymbol() {
        CostModel m = CostModel.parse("per-symbol");

        assertThat(m).isInstanceOf(CostModel.PerSymbol.class);
        assertThat(m.label()).isEqualTo("per-symbol");
        assertThat(m.cost(7)).isEqualTo(7);
        assertThat(m.cost(0)).isZero();
        assertThat(m.symbolsWithin(8, 120)).isEqualTo(8);
        assertThat(m.symbolsWithin(200, 120)).isEqualTo(120);
        assertThat(m.symbolsWithin(-3, 120)).isZero();
    }

    @Test
    void shouldParsePerCallAsWeightOne() {
        CostModel m = CostModel.parse("per-call");

        assertThat(m).isEqualTo(new CostModel.Weight(1));
        assertThat(m.label()).isEqualTo("per-call");
        assertThat(m.cost(16)).isEqualTo(1);
        assertThat(m.cost(0)).isZero();
        assertThat(m.symbolsWithin(1, 100)).isEqualTo(100);
        assertThat(m.symbolsWithin(0, 100)).isZero();
    }

    @Test
    void shouldParseWeightWithFlatCostPerCall() {
        CostModel m = CostModel.parse("weight:4");

        assertThat(m).isEqualTo(new CostModel.Weight(4));
        assertThat(m.label()).isEqualTo("weight:4");
        assertThat(m.cost(1)).isEqualTo(4);
        assertThat(m.cost(100)).isEqualTo(4);
        assertThat(m.symbolsWithin(4, 100)).isEqualTo(100);
        assertThat(m.symbolsWithin(3, 100)).isZero();
    }

    @Test
    void shouldAcceptSurroundingSpaceAndAnyCase() {
        assertThat(CostModel.parse("  Per-Symbol ")).isInstanceOf(CostModel.PerSymbol.class);
        assertThat(CostModel.parse("WEIGHT: 2")).isEqualTo(new CostModel.Weight(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"weight:0", "banana", "weight:-3", "weight:", "weight:x", "", "per symbol"})
    void shouldRejectUnknownCostModelListingTheAcceptedForms(String text) {
        assertThatThrownBy(() -> CostModel.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("per-symbol")
                .hasMessageContaining("per-call")
                .hasMessageContaining("weight:<n>");
    }

    @Test
    void shouldRejectNullCostModel() {
        assertThatThrownBy(() -> CostModel.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("per-symbol");
    }

    @Test
    void shouldCapBatchByThePerMinuteLimit() {
        assertThat(budget("td", "per-symbol", 8, 800, null).batchCap(120)).isEqualTo(8);
        assertThat(budget("td", "per-symbol", null, 800, null).batchCap(120)).isEqualTo(120);
        assertThat(budget("bn", "weight:4", 6000, null, null).batchCap(100)).isEqualTo(100);
        assertThat(budget("odd", "weight:10", 8, null, null).batchCap(100)).isEqualTo(1);
    }
}
