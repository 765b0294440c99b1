package io.quotegate.provider.demo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * A seeded random walk per symbol with magnitudes that fit the asset class (EUR/USD about 1.08,
 * USD/JPY about 150, BTC/USD about 60,000, XAU/USD about 2,400, an index about 5,000, AAPL about 190). The same seed
 * gives the same sequence of prices for a symbol, so tests and demos are repeatable.
 *
 * <p>Thread-safety: {@link #step} is synchronized; the demo is called a few times a minute.
 */
final class DemoMarket {

    private static final Map<String, Double> BASES = Map.ofEntries(
            Map.entry("EUR/USD", 1.08),
            Map.entry("GBP/USD", 1.27),
            Map.entry("USD/JPY", 150.0),
            Map.entry("USD/CHF", 0.88),
            Map.entry("AUD/USD", 0.66),
            Map.entry("USD/CAD", 1.36),
            Map.entry("NZD/USD", 0.61),
            Map.entry("EUR/GBP", 0.85),
            Map.entry("BTC/USD", 60_000.0),
            Map.entry("ETH/USD", 3_000.0),
            Map.entry("SOL/USD", 150.0),
            Map.entry("BNB/USD", 550.0),
            Map.entry("XRP/USD", 0.6),
            Map.entry("ADA/USD", 0.45),
            Map.entry("DOGE/USD", 0.15),
            Map.entry("AVAX/USD", 35.0),
            Map.entry("XAU/USD", 2_400.0),
            Map.entry("XAG/USD", 28.0),
            Map.entry("XPT/USD", 950.0),
            Map.entry("XPD/USD", 1_000.0),
            Map.entry("WTI/USD", 78.0),
            Map.entry("BRENT/USD", 82.0),
            Map.entry("NG/USD", 2.5),
            Map.entry("XCU/USD", 4.3),
            Map.entry("NDX", 18_000.0),
            Map.entry("DJI", 39_000.0),
            Map.entry("RUT", 2_000.0),
            Map.entry("FTSE", 8_000.0),
            Map.entry("DAX", 18_000.0),
            Map.entry("N225", 38_000.0),
            Map.entry("HSI", 17_000.0),
            Map.entry("SENSEX", 73_000.0),
            Map.entry("AAPL", 190.0),
            Map.entry("MSFT", 420.0),
            Map.entry("NVDA", 120.0),
            Map.entry("AMZN", 180.0),
            Map.entry("GOOGL", 170.0),
            Map.entry("META", 500.0),
            Map.entry("SPY", 520.0),
            Map.entry("QQQ", 440.0));

    private static final java.util.Set<String> CRYPTO =
            java.util.Set.of("BTC", "ETH", "SOL", "BNB", "XRP", "ADA", "DOGE", "AVAX");

    private final long seed;
    private final Map<String, Walk> walks = new HashMap<>();

    DemoMarket(long seed) {
        this.seed = seed;
    }

    /** Moves the symbol's walk one step and returns {price, change, changePercent}. */
    synchronized BigDecimal[] step(String symbol) {
        Walk walk = walks.computeIfAbsent(symbol, this::newWalk);
        walk.price *= Math.exp(walk.volatility * walk.random.nextGaussian());
        BigDecimal price = round(walk.price, walk.scale);
        BigDecimal open = round(walk.open, walk.scale);
        BigDecimal change = price.subtract(open);
        BigDecimal pct = change.multiply(BigDecimal.valueOf(100)).divide(open, 4, RoundingMode.HALF_EVEN);
        return new BigDecimal[] {price, change, pct};
    }

    private Walk newWalk(String symbol) {
        double base = BASES.getOrDefault(symbol, defaultBase(symbol));
        boolean fx = isFx(symbol);
        boolean crypto = symbol.contains("/") && CRYPTO.contains(symbol.substring(0, symbol.indexOf('/')));
        double volatility = fx ? 0.0004 : crypto ? 0.003 : symbol.contains("/") ? 0.001 : 0.0008;
        int scale = fx ? (base > 20 ? 3 : 5) : base < 10 ? 4 : 2;
        return new Walk(new Random(seed ^ symbol.hashCode()), base, volatility, scale);
    }

    private static boolean isFx(String symbol) {
        return symbol.length() == 7
                && symbol.charAt(3) == '/'
                && !symbol.startsWith("X")
                && !CRYPTO.contains(symbol.substring(0, 3));
    }

    private static double defaultBase(String symbol) {
        return symbol.contains("/") ? 100.0 : 5_000.0;
    }

    private static BigDecimal round(double value, int scale) {
        return new BigDecimal(value, MathContext.DECIMAL64).setScale(scale, RoundingMode.HALF_EVEN);
    }

    private static final class Walk {
        final Random random;
        final double open;
        final double volatility;
        final int scale;
        double price;

        Walk(Random random, double base, double volatility, int scale) {
            this.random = random;
            this.open = base;
            this.price = base;
            this.volatility = volatility;
            this.scale = scale;
        }
    }
}
