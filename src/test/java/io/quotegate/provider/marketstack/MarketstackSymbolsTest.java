package io.quotegate.provider.marketstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.provider.ProviderSettings;
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
            "SSEC, SSEC.INDX", "KOSPI, KS11.INDX", "SENSEX, BSESN.INDX", "ASX, AXJO.INDX"})
    void mapsEveryFeedIndexToItsDefaultTicker(String feedSymbol, String ticker) {
        assertThat(symbols(Map.of()).ticker(feedSymbol)).isEqualTo(ticker);
    }

    @Test
    void unknownSymbolGetsTheIndexSuffixUnlessItAlreadyHasOne() {
        assertThat(MarketstackSymbols.defaultTicker("OMX")).isEqualTo("OMX.INDX");
        assertThat(MarketstackSymbols.defaultTicker("AAPL.XNAS")).isEqualTo("AAPL.XNAS");
    }

    @Test
    void configuredOverrideWinsOverTheDefault() {
        MarketstackSymbols symbols = symbols(Map.of("SPX", "SPX.INDX"));

        assertThat(symbols.ticker("SPX")).isEqualTo("SPX.INDX");
        assertThat(symbols.ticker("NDX")).isEqualTo("NDX.INDX");
    }

    @Test
    void groupsABatchByUpperCaseTickerInRequestOrderAndDropsDuplicates() {
        MarketstackSymbols symbols = symbols(Map.of("US500", "gspc.indx"));

        Map<String, List<String>> byTicker = symbols.byTicker(List.of("DJI", "SPX", "US500", "DJI"));

        assertThat(byTicker).containsExactly(
                Map.entry("DJI.INDX", List.of("DJI")),
                Map.entry("GSPC.INDX", List.of("SPX", "US500")));
    }

    private static MarketstackSymbols symbols(Map<String, String> overrides) {
        return new MarketstackSymbols(new ProviderSettings("marketstack", null, "k", 100, overrides,
                Duration.ofSeconds(1), Map.of(), 0));
    }
}
