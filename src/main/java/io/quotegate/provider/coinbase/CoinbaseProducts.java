package io.quotegate.provider.coinbase;

import io.quotegate.provider.SymbolRules;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Coinbase's product ids. A feed symbol {@code BASE/QUOTE} is the product {@code BASE-QUOTE}
 * ({@code BTC/USD} → {@code BTC-USD}; {@code BTC/USDC} is a product of its own, {@code BTC-USDC}); a feed
 * symbol without a slash is sent as it is. {@code quotegate.providers.coinbase.symbols} overrides this per
 * feed symbol. Ids are upper-cased; ids outside Coinbase's {@code A-Z0-9} segments joined by dashes are
 * refused locally. An answer's product is credited only to the id it names ({@code product_id}), never by
 * its {@code alias}: {@code BTC-USDC} lists {@code BTC-USD} as its alias, yet its price is its own.
 */
final class CoinbaseProducts {

    private static final Pattern VALID = Pattern.compile("[A-Z0-9]{1,20}(-[A-Z0-9]{1,20}){1,3}");

    static final SymbolRules RULES = SymbolRules.identity()
            .byDefault(feed -> feed.trim().replace('/', '-'))
            .normalize(id -> id.trim().toUpperCase(Locale.ROOT))
            .sendsOnly(
                    id -> VALID.matcher(id).matches(),
                    id -> "'" + id + "' is not a valid Coinbase product id; not sent");

    private CoinbaseProducts() {}
}
