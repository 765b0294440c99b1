package io.quotegate.schedule;

import io.quotegate.config.QuotegateProperties.Unit;
import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Collectors;
import org.quartz.CronExpression;

/**
 * Turns a feed's slots into a Quartz cron expression and computes fire times without waiting.
 * In {@code minutes} mode slots are minutes of every hour ({@code [0, 30]} gives
 * {@code 0 0,30 * * * ?}); in {@code seconds} mode the same numbers are seconds of every minute
 * ({@code 0,30 * * * * ?}).
 */
public final class SlotSchedule {

    private final Unit unit;
    private final TimeZone zone;

    public SlotSchedule(Unit unit, ZoneId zone) {
        this.unit = unit;
        this.zone = TimeZone.getTimeZone(zone);
    }

    public Unit unit() {
        return unit;
    }

    public TimeZone zone() {
        return zone;
    }

    /** The cron expression for these slots (0 to 59 each). */
    public String cron(List<Integer> slots) {
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("no slots");
        }
        for (int s : slots) {
            if (s < 0 || s > 59) {
                throw new IllegalArgumentException("slot " + s + " is outside 0..59");
            }
        }
        String list = slots.stream().sorted().distinct().map(String::valueOf).collect(Collectors.joining(","));
        return unit == Unit.MINUTES ? "0 " + list + " * * * ?" : list + " * * * * ?";
    }

    /** The first fire time strictly after {@code after}. */
    public Instant next(List<Integer> slots, Instant after) {
        Date next = expression(slots).getNextValidTimeAfter(Date.from(after));
        return next.toInstant();
    }

    private CronExpression expression(List<Integer> slots) {
        try {
            CronExpression expression = new CronExpression(cron(slots));
            expression.setTimeZone(zone);
            return expression;
        } catch (ParseException e) {
            throw new IllegalArgumentException("slots " + slots + " give no valid cron expression", e);
        }
    }
}
