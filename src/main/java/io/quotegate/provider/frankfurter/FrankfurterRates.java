package io.quotegate.provider.frankfurter;

import io.quotegate.provider.JsonValues;
import io.quotegate.provider.ProviderException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One {@code /latest} answer, {@code {"amount":1.0,"base":"USD","date":"2024-11-25","rates":{"EUR":0.95274}}}:
 * how many units of each currency one US dollar buys on {@code date}. The shape is the same for one
 * symbol or many; currencies Frankfurter does not know are silently left out of {@code rates}.
 *
 * @param date    the ECB reference date
 * @param perUsd  units of each currency per one USD, upper-case codes; only positive, readable rates
 */
record FrankfurterRates(LocalDate date, Map<String, BigDecimal> perUsd) {

    FrankfurterRates {
        perUsd = Map.copyOf(perUsd);
    }

    /**
     * Reads a 2xx body. Rates may be numbers or numeric strings; unreadable or non-positive rates
     * are left out, so the pairs needing them are rejected. When {@code amount} is not 1 the rates
     * are divided by it.
     *
     * @throws ProviderException {@code MALFORMED} without a {@code rates} object or a readable
     *                           {@code date}, or when {@code base} is not USD
     */
    static FrankfurterRates parse(JsonNode root, String provider) {
        JsonNode rates = root.path("rates");
        String message = JsonValues.text(root.get("message"));
        if (!rates.isObject()) {
            throw ProviderException.malformed(provider + ": response has no 'rates' object"
                    + (message == null ? "" : " (" + abbreviate(message) + ")"));
        }
        String base = JsonValues.text(root.get("base"));
        if (base != null && !base.equalsIgnoreCase(CurrencyPair.USD)) {
            throw ProviderException.malformed(provider + ": asked for base USD, got " + abbreviate(base));
        }
        LocalDate date = date(JsonValues.text(root.get("date")), provider);
        BigDecimal amount = JsonValues.decimal(root.get("amount"));
        boolean scaled = amount != null && amount.signum() > 0 && amount.compareTo(BigDecimal.ONE) != 0;
        Map<String, BigDecimal> perUsd = new LinkedHashMap<>();
        rates.forEachEntry((code, value) -> {
            BigDecimal rate = JsonValues.decimal(value);
            if (rate != null && rate.signum() > 0) {
                perUsd.put(code.toUpperCase(Locale.ROOT), scaled ? rate.divide(amount, MathContext.DECIMAL64) : rate);
            }
        });
        return new FrankfurterRates(date, perUsd);
    }

    private static LocalDate date(@Nullable String text, String provider) {
        try {
            if (text != null) {
                return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
            }
        } catch (DateTimeParseException e) {
            // fall through
        }
        throw ProviderException.malformed(provider + ": response has no readable 'date'");
    }

    private static String abbreviate(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
