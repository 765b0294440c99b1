package io.quotegate.provider.marketstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.SymbolBatch;
import io.quotegate.provider.TestSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarketstackSymbolsTest {

    @ParameterizedTest
    @CsvSource({
        "SPX, GSPC.INDX", "NDX, NDX.INDX", "DJI, DJI.INDX", "RUT, RUT.INDX",
        "FTSE, FTSE.INDX", "DAX, GDAXI.INDX", "CAC, FCHI.INDX", "SX5E, STOXX50E.INDX",
        "IBEX, IBEX.INDX", "SMI, SSMI.INDX", "N225, N225.INDX", "HSI, HSI.INDX",
        "SSEC, SSEC.INDX", "KOSPI, KS11.INDX", "SENSEX, BSESN.INDX", "ASX, AXJO.INDX"
    })
    void mapsEveryFeedIndexToItsDefaultTicker(String feedSymbol, String ticker) {
        assertThat(MarketstackSymbols.RULES.providerSymbol(feedSymbol, settings(Map.of())))
                .isEqualTo(ticker);
    }

    @Test
    void unknownSymbolGetsTheIndexSuffixUnlessItAlreadyHasOne() {
        assertThat(MarketstackSymbols.defaultTicker("OMX")).isEqualTo("OMX.INDX");
        assertThat(MarketstackSymbols.defaultTicker("AAPL.XNAS")).isEqualTo("AAPL.XNAS");
    }

    @Test
    void configuredOverrideWinsOverTheDefault() {
        ProviderSettings settings = settings(Map.of("SPX", "SPX.INDX"));

        assertThat(MarketstackSymbols.RULES.providerSymbol("SPX", settings)).isEqualTo("SPX.INDX");
        assertThat(MarketstackSymbols.RULES.providerSymbol("NDX", settings)).isEqualTo("NDX.INDX");
    }

    @Test
    void groupsABatchByUpperCaseTickerInRequestOrderAndDropsDuplicates() {
        SymbolBatch batch = MarketstackSymbols.RULES.batch(
                List.of("DJI", "SPX", "US500", "DJI"), settings(Map.of("US500", "gspc.indx")));
        Map<String, List<String>> byTicker = batch.feedSymbolsByProviderSymbol();

        assertThat(byTicker)
                .containsExactly(
                        Map.entry("DJI.INDX", List.of("DJI")), Map.entry("GSPC.INDX", List.of("SPX", "US500")));
    }

    private static ProviderSettings settings(Map<String, String> overrides) {
        return TestSettings.of("marketstack", null, "k", 100, overrides, Duration.ofSeconds(1), Map.of(), 0);
    }
}
