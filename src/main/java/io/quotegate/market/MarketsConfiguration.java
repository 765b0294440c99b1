package io.quotegate.market;

import io.quotegate.config.InvalidConfigurationException;
import io.quotegate.config.QuotegateProperties;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Builds {@link Markets} from the defaults and {@code quotegate.markets.*}, failing the start on a bad key. */
@Configuration(proxyBeanMethods = false)
public class MarketsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MarketsConfiguration.class);
    private static final String KEY = "quotegate.markets";

    @Bean
    Markets markets(MarketsProperties properties, QuotegateProperties quotegate) {
        Markets markets = build(properties);
        if (properties.feeds() != null && quotegate.feeds() != null) {
            properties.feeds().keySet().stream()
                    .filter(f -> !quotegate.feeds().containsKey(f))
                    .findFirst()
                    .ifPresent(f -> {
                        throw new InvalidConfigurationException(
                                KEY + ".feeds." + f,
                                "names no feed: the feeds are "
                                        + quotegate.feeds().keySet());
                    });
        }
        if (markets.alwaysOpen()) {
            log.info("Markets: {}.always-open=true, every market counts as open and every slot spends", KEY);
        }
        return markets;
    }

    /** The defaults with the configured keys laid over them; every failure names its key. */
    public static Markets build(MarketsProperties p) {
        Map<String, MarketsProperties.Definition> defs = new LinkedHashMap<>(MarketDefaults.definitions());
        if (p.definitions() != null) {
            p.definitions().forEach((name, d) -> {
                MarketsProperties.Definition base = defs.get(name);
                defs.put(
                        name,
                        base == null
                                ? d
                                : new MarketsProperties.Definition(
                                        d.zone() != null ? d.zone() : base.zone(),
                                        d.sessions() != null ? d.sessions() : base.sessions(),
                                        d.holidays() != null ? d.holidays() : base.holidays(),
                                        d.add() != null ? d.add() : base.add(),
                                        d.remove() != null ? d.remove() : base.remove()));
            });
        }
        Map<String, Market> markets = new LinkedHashMap<>();
        defs.forEach((name, d) -> markets.put(name, market(name, d)));
        Map<String, String> feeds = new LinkedHashMap<>(MarketDefaults.feeds());
        if (p.feeds() != null) {
            feeds.putAll(p.feeds());
        }
        Map<String, String> symbols = new LinkedHashMap<>(MarketDefaults.symbols());
        if (p.symbols() != null) {
            symbols.putAll(p.symbols());
        }
        feeds.forEach((feed, m) -> known(markets, m, KEY + ".feeds." + feed));
        symbols.forEach((symbol, m) -> known(markets, m, KEY + ".symbols." + symbol));
        Map<String, MarketsProperties.EndOfDay> eod = new LinkedHashMap<>(MarketDefaults.endOfDay());
        if (p.endOfDay() != null) {
            eod.putAll(p.endOfDay());
        }
        eod.forEach((provider, e) -> {
            String key = KEY + ".end-of-day." + provider;
            if (e.market() != null) {
                known(markets, e.market(), key + ".market");
            }
            if (e.afterClose() != null && e.afterClose().isNegative()) {
                throw new InvalidConfigurationException(
                        key + ".after-close", "must not be negative, got " + e.afterClose());
            }
        });
        // Every market always open has no close for an end-of-day source to wait for: those refresh every slot too.
        // A price's age is still judged by its publication calendar (Markets.publication).
        return new Markets(markets, feeds, symbols, p.alwaysOpen() ? Map.of() : eod, eod, p.alwaysOpen());
    }

    private static void known(Map<String, Market> markets, String name, String key) {
        if (!markets.containsKey(name)) {
            throw new InvalidConfigurationException(
                    key,
                    "names no market '" + name + "': the markets are " + markets.keySet() + " (add one under " + KEY
                            + ".definitions)");
        }
    }

    private static Market market(String name, MarketsProperties.Definition d) {
        String key = KEY + ".definitions." + name;
        List<String> sessions = d.sessions() == null ? List.of() : d.sessions();
        if (sessions.size() == 1
                && sessions.get(0).trim().toUpperCase(Locale.ROOT).equals("ALWAYS")) {
            return Market.alwaysOpen(name);
        }
        if (d.zone() == null) {
            throw new InvalidConfigurationException(
                    key + ".zone", "is missing: name the exchange's zone, e.g. America/New_York");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(d.zone());
        } catch (DateTimeException e) {
            throw new InvalidConfigurationException(
                    key + ".zone", "'" + d.zone() + "' is not a time zone, e.g. America/New_York");
        }
        if (sessions.isEmpty()) {
            throw new InvalidConfigurationException(
                    key + ".sessions", "is empty: list sessions like MON-FRI 09:30-16:00, or ALWAYS");
        }
        List<WeeklySession> parsed = new ArrayList<>();
        for (int i = 0; i < sessions.size(); i++) {
            try {
                parsed.add(WeeklySession.parse(sessions.get(i)));
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(key + ".sessions[" + i + "]", String.valueOf(e.getMessage()));
            }
        }
        Holidays holidays;
        try {
            holidays = Holidays.of(
                    d.holidays() == null ? "none" : d.holidays(),
                    d.add() == null ? List.of() : d.add(),
                    d.remove() == null ? List.of() : d.remove());
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException(key + ".holidays", String.valueOf(e.getMessage()));
        }
        return Market.of(name, zone, parsed, holidays);
    }
}
