package io.quotegate.provider.kraken;

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

class KrakenPairsTest {

    private static ProviderSettings settings(Map<String, String> overrides) {
        return TestSettings.of("kraken", null, null, 100, overrides, Duration.ofSeconds(5), Map.of(), 0);
    }

    @ParameterizedTest
    @CsvSource({
        "BTC/USD, XBTUSD",
        "btc/eur, XBTEUR",
        "DOGE/USD, XDGUSD",
        "ETH/BTC, ETHXBT",
        "EUR/USD, EURUSD",
        "SOL/USDT, SOLUSDT",
        "XXBTZUSD, XXBTZUSD"
    })
    void feedSymbolsAreSentInKrakensCodes(String feed, String pair) {
        assertThat(KrakenPairs.defaultPair(feed)).isEqualTo(pair);
    }

    @ParameterizedTest
    @CsvSource({
        "XBTUSD, XXBTZUSD",
        "XBTUSD, XBTUSD",
        "ETHUSD, XETHZUSD",
        "XBTEUR, XXBTZEUR",
        "USDTUSD, USDTZUSD",
        "XBTUSDT, XBTUSDT",
        "XDGUSD, XXDGZUSD",
        "ETHXBT, XETHXXBT",
        "XXBTZUSD, XBTUSD",
        "SOLUSD, SOLUSD"
    })
    void anAnswerKeyInEitherSpellingNamesThePairSent(String sent, String answerKey) {
        assertThat(KrakenPairs.answerNames(sent)).contains(answerKey);
    }

    @ParameterizedTest
    @CsvSource({"XBTUSD, XBTUSDT", "XBTUSDT, XXBTZUSD", "ETHUSD, XETHXXBT", "SOLUSD, ZSOLZUSD"})
    void anotherInstrumentIsNeverTakenForThePairSent(String sent, String answerKey) {
        assertThat(KrakenPairs.answerNames(sent)).doesNotContain(answerKey);
    }

    @Test
    void anOverrideIsSentAndMatchedAsItIs() {
        SymbolBatch batch = KrakenPairs.RULES.batch(List.of("BTC/USD"), settings(Map.of("BTC/USD", "XBTUSDC")));
        assertThat(batch.providerSymbols()).containsExactly("XBTUSDC");
        assertThat(KrakenPairs.sentPairOf("XBTUSDC", batch)).isEqualTo("XBTUSDC");
        assertThat(KrakenPairs.sentPairOf("XXBTZUSD", batch))
                .as("not the pair sent")
                .isNull();
    }

    @Test
    void aNameSentAsItIsAlwaysMeansThatPair() {
        SymbolBatch batch = KrakenPairs.RULES.batch(List.of("AIO/USD", "AIOZ/USD"), settings(Map.of()));
        assertThat(KrakenPairs.answerNames("AIOUSD"))
                .as("a spelling of AIO/USD")
                .contains("AIOZUSD");
        assertThat(KrakenPairs.sentPairOf("AIOZUSD", batch))
                .as("but the name of AIOZ/USD")
                .isEqualTo("AIOZUSD");
        assertThat(KrakenPairs.sentPairOf("AIOUSD", batch)).isEqualTo("AIOUSD");
    }

    @Test
    void namesOutsideKrakensAlphabetAreRefusedLocally() {
        SymbolBatch batch = KrakenPairs.RULES.batch(List.of("BTC/USD", "BAD,PAIR"), settings(Map.of()));
        assertThat(batch.providerSymbols()).containsExactly("XBTUSD");
        assertThat(batch.rejected()).containsOnlyKeys("BAD,PAIR");
    }
}
