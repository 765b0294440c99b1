package io.quotegate.it;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

/**
 * The limits of Kraken, Coinbase and Alpaca counted the way each provider counts them, by the fake's clock
 * at the moment a call arrives (in seconds mode that clock is the model clock, so every window is 60 times
 * shorter in real time). Always on for these providers: they are public limits, not plan choices.
 *
 * <ul>
 *   <li><b>kraken</b>: a counter per IP that each public call raises by one and that decays by one a
 *       second; a call that would take it past {@value #KRAKEN_MAX} is throttled (Kraken: "1 per second (or
 *       less) would remain within the rate limits"; a burst was measured throttled near its 30th call, the
 *       fake is stricter).</li>
 *   <li><b>coinbase</b>: a token bucket of {@value #COINBASE_BURST} that refills {@value #COINBASE_PER_SECOND}
 *       tokens a second (10 requests a second per IP; Coinbase documents bursts of 15 for its Exchange API).</li>
 *   <li><b>alpaca</b>: {@value #ALPACA_PER_MINUTE} calls per account in each clock minute, the window that
 *       {@code X-RateLimit-Reset} names.</li>
 * </ul>
 */
final class FakeProviderCounters {

    static final int KRAKEN_MAX = 20;
    static final int COINBASE_BURST = 15;
    static final int COINBASE_PER_SECOND = 10;
    static final int ALPACA_PER_MINUTE = 200;

    private final Clock clock;
    private double kraken;
    private Instant krakenAt = Instant.MIN;
    private double coinbase = COINBASE_BURST;
    private Instant coinbaseAt = Instant.MIN;
    private final Map<Instant, Integer> alpacaByMinute = new HashMap<>();

    FakeProviderCounters(Clock clock) {
        this.clock = clock;
    }

    /** Whether this provider counts calls here. */
    static boolean counts(String provider) {
        return provider.equals("kraken") || provider.equals("coinbase") || provider.equals("alpaca");
    }

    /** Counts one call arriving now; false when the provider would refuse it as over its limit. */
    synchronized boolean admit(String provider) {
        Instant now = clock.instant();
        return switch (provider) {
            case "kraken" -> admitKraken(now);
            case "coinbase" -> admitCoinbase(now);
            case "alpaca" -> admitAlpaca(now);
            default -> true;
        };
    }

    private boolean admitKraken(Instant now) {
        kraken = Math.max(0, kraken - seconds(krakenAt, now));
        krakenAt = now;
        if (kraken + 1 > KRAKEN_MAX) {
            return false;
        }
        kraken += 1;
        return true;
    }

    private boolean admitCoinbase(Instant now) {
        coinbase = Math.min(COINBASE_BURST, coinbase + seconds(coinbaseAt, now) * COINBASE_PER_SECOND);
        coinbaseAt = now;
        if (coinbase < 1) {
            return false;
        }
        coinbase -= 1;
        return true;
    }

    private boolean admitAlpaca(Instant now) {
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        int used = alpacaByMinute.getOrDefault(minute, 0);
        if (used >= ALPACA_PER_MINUTE) {
            return false;
        }
        alpacaByMinute.put(minute, used + 1);
        return true;
    }

    /** Alpaca's calls left in the current minute, for {@code X-RateLimit-Remaining}. */
    synchronized int alpacaRemaining() {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        return Math.max(0, ALPACA_PER_MINUTE - alpacaByMinute.getOrDefault(minute, 0));
    }

    /** When Alpaca's current window ends, for {@code X-RateLimit-Reset} (Unix seconds). */
    long alpacaReset() {
        return clock.instant()
                .truncatedTo(ChronoUnit.MINUTES)
                .plus(Duration.ofMinutes(1))
                .getEpochSecond();
    }

    private static double seconds(Instant from, Instant to) {
        // A clock a test set back does not refill or decay anything.
        return from.equals(Instant.MIN)
                ? Double.MAX_VALUE / 2
                : Math.max(0, Duration.between(from, to).toNanos() / 1e9);
    }
}
