package io.quotegate.market;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in markets (../shared/reference/market-hours.md, section 2) and which shipped symbol
 * trades where. Holidays come from jollyday with small committed corrections where the reference
 * shows it wrong or missing:
 * <ul>
 *   <li>XETRA and Eurex: jollyday's DE over-closes (Ascension, Whit Monday, Oct 3), so XETRA uses TARGET
 *       (Jan 1, Good Friday, Easter Monday, May 1, Dec 25/26) plus Dec 24 and Dec 31.</li>
 *   <li>TSE: the JP calendar lacks the exchange's own Jan 2, Jan 3 and Dec 31.</li>
 *   <li>CME: no library calendar fits; closed New Year, Good Friday and Christmas (pandas_market_calendars'
 *       CME energy and metals). Early closes are not modelled.</li>
 *   <li>SSE: no library calendar; only the fixed-date closures (Jan 1, May 1, Oct 1-3), not the lunar ones.</li>
 *   <li>KRX has no jollyday calendar: weekends only, listed as an open problem.</li>
 * </ul>
 */
final class MarketDefaults {

    private MarketDefaults() {}

    static Map<String, MarketsProperties.Definition> definitions() {
        Map<String, MarketsProperties.Definition> d = new LinkedHashMap<>();
        d.put("FX", def("America/New_York", List.of("SUN-THU 17:00-17:00"), "none", List.of()));
        d.put("CRYPTO", def("UTC", List.of("ALWAYS"), "none", List.of()));
        d.put(
                "CME",
                def("America/Chicago", List.of("SUN-THU 17:00-16:00"), "none", List.of("01-01", "EASTER-2", "12-25")));
        d.put("NYSE", def("America/New_York", List.of("MON-FRI 09:30-16:00"), "NYSE", List.of()));
        d.put("LSE", def("Europe/London", List.of("MON-FRI 08:00-16:30"), "gb", List.of()));
        d.put("XETRA", def("Europe/Berlin", List.of("MON-FRI 09:00-17:30"), "TARGET", List.of("12-24", "12-31")));
        d.put("EURONEXT", def("Europe/Paris", List.of("MON-FRI 09:00-17:30"), "NYSE_EURONEXT", List.of()));
        d.put("EUREX", def("Europe/Berlin", List.of("MON-FRI 09:00-17:30"), "TARGET", List.of("12-24", "12-31")));
        d.put("BME", def("Europe/Madrid", List.of("MON-FRI 09:00-17:30"), "TARGET", List.of()));
        d.put("SIX", def("Europe/Zurich", List.of("MON-FRI 09:00-17:30"), "ch", List.of()));
        d.put(
                "TSE",
                def(
                        "Asia/Tokyo",
                        List.of("MON-FRI 09:00-11:30", "MON-FRI 12:30-15:30"),
                        "jp",
                        List.of("01-02", "01-03", "12-31")));
        d.put("HKEX", def("Asia/Hong_Kong", List.of("MON-FRI 09:30-12:00", "MON-FRI 13:00-16:00"), "hk", List.of()));
        d.put(
                "SSE",
                def(
                        "Asia/Shanghai",
                        List.of("MON-FRI 09:30-11:30", "MON-FRI 13:00-15:00"),
                        "none",
                        List.of("01-01", "05-01", "10-01", "10-02", "10-03")));
        d.put("KRX", def("Asia/Seoul", List.of("MON-FRI 09:00-15:30"), "none", List.of("01-01", "12-25")));
        d.put("BSE", def("Asia/Kolkata", List.of("MON-FRI 09:15-15:30"), "in", List.of()));
        d.put("ASX", def("Australia/Sydney", List.of("MON-FRI 10:00-16:00"), "au", List.of()));
        // ECB reference rates: published around 16:00 CET on TARGET days (Frankfurter's source).
        d.put("ECB", def("Europe/Berlin", List.of("MON-FRI 14:15-16:00"), "TARGET", List.of()));
        return d;
    }

    static Map<String, String> feeds() {
        return Map.of("fx", "FX", "crypto", "CRYPTO", "commodities", "CME", "stocks", "NYSE");
    }

    static Map<String, String> symbols() {
        Map<String, String> s = new LinkedHashMap<>();
        for (String us : List.of("SPX", "NDX", "DJI", "RUT")) {
            s.put(us, "NYSE");
        }
        s.put("FTSE", "LSE");
        s.put("DAX", "XETRA");
        s.put("CAC", "EURONEXT");
        s.put("SX5E", "EUREX");
        s.put("IBEX", "BME");
        s.put("SMI", "SIX");
        s.put("N225", "TSE");
        s.put("HSI", "HKEX");
        s.put("SSEC", "SSE");
        s.put("KOSPI", "KRX");
        s.put("SENSEX", "BSE");
        s.put("ASX", "ASX");
        return s;
    }

    /** End-of-day providers: Marketstack's bar some time after the exchange close, Frankfurter after the ECB fixing. */
    static Map<String, MarketsProperties.EndOfDay> endOfDay() {
        return Map.of(
                "marketstack",
                new MarketsProperties.EndOfDay(Duration.ofHours(2), null),
                "frankfurter",
                new MarketsProperties.EndOfDay(Duration.ofMinutes(30), "ECB"));
    }

    private static MarketsProperties.Definition def(
            String zone, List<String> sessions, String holidays, List<String> add) {
        return new MarketsProperties.Definition(zone, sessions, holidays, add, List.of());
    }
}
