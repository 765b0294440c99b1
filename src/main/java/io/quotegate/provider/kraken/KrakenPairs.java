package io.quotegate.provider.kraken;

import io.quotegate.provider.SymbolBatch;
import io.quotegate.provider.SymbolRules;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Kraken's pair names, both ways.
 *
 * <p><b>Sent.</b> A feed symbol {@code BASE/QUOTE} is sent as Kraken's code of the base followed by that of
 * the quote, where Kraken's code is the symbol itself except {@code BTC} → {@code XBT} and {@code DOGE} →
 * {@code XDG} ({@code BTC/USD} → {@code XBTUSD}, {@code DOGE/USD} → {@code XDGUSD}, {@code EUR/USD} →
 * {@code EURUSD}); a feed symbol without a slash is sent as it is. {@code quotegate.providers.kraken.symbols}
 * overrides this per feed symbol, with any name Kraken accepts (its altname or its canonical name). Names
 * outside {@code [A-Z0-9]{2,20}} are refused locally: sent, they would fail the whole batch.
 *
 * <p><b>Answered.</b> Kraken keys each ticker of the answer by the pair's <em>canonical</em> name, which for
 * its oldest assets differs from the name sent: {@code XBTUSD} comes back as {@code XXBTZUSD},
 * {@code ETHUSD} as {@code XETHZUSD}, {@code USDTUSD} as {@code USDTZUSD}, while {@code XBTUSDT} and
 * {@code SOLUSD} come back as sent. The rule: the name sent is split into base and quote at the longest
 * known quote code ({@link #QUOTES}); each of the two may carry Kraken's legacy prefix, {@code X} for the
 * crypto assets listed in {@link #LEGACY_CRYPTO} and {@code Z} for the currencies in {@link #LEGACY_FIAT};
 * an answer key names the pair sent when it is one of those spellings (with or without each prefix).
 * Nothing else is accepted: a key that names no pair sent is never served. Where Kraken's canonical name
 * follows no such rule, configure it as the override: it is then sent and matched as it is.
 */
final class KrakenPairs {

    /** Crypto assets whose canonical Kraken code is their code with an {@code X} in front ({@code XXBT}). */
    static final Set<String> LEGACY_CRYPTO =
            Set.of("XBT", "XDG", "ETH", "LTC", "XRP", "XLM", "XMR", "ZEC", "ETC", "REP", "MLN");

    /** Currencies whose canonical Kraken code is their code with a {@code Z} in front ({@code ZUSD}). */
    static final Set<String> LEGACY_FIAT = Set.of("USD", "EUR", "GBP", "JPY", "CAD", "AUD");

    /** Quote codes, in either spelling, longest first so that {@code USDT} wins over {@code USD}. */
    static final List<String> QUOTES = List.of(
            "PYUSD", "USDT", "USDC", "ZUSD", "ZEUR", "ZGBP", "ZJPY", "ZCAD", "ZAUD", "XXBT", "XETH", "USD", "EUR",
            "GBP", "JPY", "CAD", "CHF", "AUD", "XBT", "ETH", "DAI");

    private static final Map<String, String> FEED_CODES = Map.of("BTC", "XBT", "DOGE", "XDG");
    private static final Pattern VALID = Pattern.compile("[A-Z0-9]{2,20}");

    static final SymbolRules RULES = SymbolRules.identity()
            .byDefault(KrakenPairs::defaultPair)
            .normalize(s -> s.trim().toUpperCase(Locale.ROOT))
            .sendsOnly(s -> VALID.matcher(s).matches(), s -> "'" + s + "' is not a valid Kraken pair name; not sent");

    private KrakenPairs() {}

    /** The pair sent for a feed symbol when no override is configured. */
    static String defaultPair(String feedSymbol) {
        String s = feedSymbol.trim().toUpperCase(Locale.ROOT);
        int slash = s.indexOf('/');
        if (slash < 0) {
            return s;
        }
        return code(s.substring(0, slash)) + code(s.substring(slash + 1));
    }

    private static String code(String asset) {
        return FEED_CODES.getOrDefault(asset, asset);
    }

    /** Every answer key that names the pair sent as {@code sent}, upper-case, {@code sent} itself first. */
    static Set<String> answerNames(String sent) {
        Set<String> names = new LinkedHashSet<>();
        names.add(sent);
        for (String quote : QUOTES) {
            if (sent.length() > quote.length() && sent.endsWith(quote)) {
                String base = plain(sent.substring(0, sent.length() - quote.length()));
                String q = plain(quote);
                for (String b : spellings(base)) {
                    for (String qq : spellings(q)) {
                        names.add(b + qq);
                    }
                }
                break;
            }
        }
        return names;
    }

    /**
     * The pair sent that an answer key names, or null when it names none of them. Several pairs sent may
     * share one canonical name (two overrides for one pair); the first sent wins, and it serves the feed
     * symbols of that provider symbol only.
     */
    static @Nullable String sentPairOf(String answerKey, SymbolBatch batch) {
        return index(batch).get(answerKey.trim().toUpperCase(Locale.ROOT));
    }

    /**
     * Answer name to the pair sent, over every pair of the batch. A name sent as it is always means that
     * pair: Kraken lists both {@code AIO/USD} and {@code AIOZ/USD}, and {@code AIOZUSD} is a spelling of
     * the first but the name of the second.
     */
    static Map<String, String> index(SymbolBatch batch) {
        Map<String, String> byName = new LinkedHashMap<>();
        batch.providerSymbols().forEach(sent -> byName.put(sent, sent));
        for (String sent : batch.providerSymbols()) {
            answerNames(sent).forEach(name -> byName.putIfAbsent(name, sent));
        }
        return byName;
    }

    /** A code without its legacy prefix ({@code XXBT} → {@code XBT}, {@code ZUSD} → {@code USD}). */
    private static String plain(String code) {
        if (code.length() == 4) {
            String rest = code.substring(1);
            if ((code.charAt(0) == 'X' && LEGACY_CRYPTO.contains(rest))
                    || (code.charAt(0) == 'Z' && LEGACY_FIAT.contains(rest))) {
                return rest;
            }
        }
        return code;
    }

    private static List<String> spellings(String plainCode) {
        if (LEGACY_CRYPTO.contains(plainCode)) {
            return List.of(plainCode, "X" + plainCode);
        }
        if (LEGACY_FIAT.contains(plainCode)) {
            return List.of(plainCode, "Z" + plainCode);
        }
        return List.of(plainCode);
    }
}
