package io.quotegate.market;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A market: its zone, weekly sessions (breaks are gaps between sessions) and holidays. All times are
 * model time (in seconds mode the model clock runs 60 times faster, so a model week passes in 168
 * real minutes and sessions compress with it); DST is handled per zone.
 */
public final class Market {

    /** An open stretch of time, start inclusive, end exclusive. */
    public record Interval(Instant start, Instant end) {}

    private static final int MAX_DAYS_AHEAD = 400;

    private final String name;
    private final ZoneId zone;
    private final List<WeeklySession> sessions;
    private final Holidays holidays;
    private final boolean always;

    private Market(String name, ZoneId zone, List<WeeklySession> sessions, Holidays holidays, boolean always) {
        this.name = name;
        this.zone = zone;
        this.sessions = List.copyOf(sessions);
        this.holidays = holidays;
        this.always = always;
    }

    public static Market of(String name, ZoneId zone, List<WeeklySession> sessions, Holidays holidays) {
        if (sessions.isEmpty()) {
            throw new IllegalArgumentException("market " + name + " has no sessions");
        }
        return new Market(name, zone, sessions, holidays, false);
    }

    /** A market that never closes (crypto). */
    public static Market alwaysOpen(String name) {
        return new Market(name, ZoneId.of("UTC"), List.of(), Holidays.NONE, true);
    }

    public String name() {
        return name;
    }

    public ZoneId zone() {
        return zone;
    }

    public boolean always() {
        return always;
    }

    public List<WeeklySession> sessions() {
        return sessions;
    }

    public Holidays holidays() {
        return holidays;
    }

    public boolean isOpen(Instant t) {
        if (always) {
            return true;
        }
        return intervals(t, t.plusNanos(1)).stream().anyMatch(i -> !t.isBefore(i.start()) && t.isBefore(i.end()));
    }

    /** True when the market was open at some moment in {@code (from, to]}. */
    public boolean openBetween(Instant from, Instant to) {
        if (always) {
            return true;
        }
        if (!to.isAfter(from)) {
            return false;
        }
        return intervals(from, to).stream()
                .anyMatch(i -> i.end().isAfter(from) && i.start().isBefore(to)
                        || i.start().equals(to));
    }

    /**
     * True when a trading day closed at some moment {@code c} with {@code c + delay} in {@code (from, to]}.
     * A lunch break is not a close: only the last session end of each local day counts.
     */
    public boolean closedBetween(Instant from, Instant to, Duration delay) {
        if (always) {
            return false;
        }
        Instant a = from.minus(delay);
        Instant b = to.minus(delay);
        return dailyCloses(a.minus(Duration.ofDays(2)), b.plus(Duration.ofDays(1))).stream()
                .anyMatch(c -> c.isAfter(a) && !c.isAfter(b));
    }

    /** The close of each trading day (the last session end of its local date) among the intervals of the range. */
    public List<Instant> dailyCloses(Instant from, Instant to) {
        List<Interval> list = intervals(from, to);
        List<Instant> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Instant end = list.get(i).end();
            boolean lastOfDay = i + 1 == list.size()
                    || !list.get(i + 1)
                            .start()
                            .atZone(zone)
                            .toLocalDate()
                            .equals(end.atZone(zone).toLocalDate());
            if (lastOfDay) {
                out.add(end);
            }
        }
        return out;
    }

    /** How long the market is open within {@code [from, to)}. */
    public Duration openTime(Instant from, Instant to) {
        if (always) {
            return Duration.between(from, to);
        }
        Duration total = Duration.ZERO;
        for (Interval i : intervals(from, to)) {
            Instant s = i.start().isBefore(from) ? from : i.start();
            Instant e = i.end().isAfter(to) ? to : i.end();
            if (e.isAfter(s)) {
                total = total.plus(Duration.between(s, e));
            }
        }
        return total;
    }

    /**
     * The moment at which the market will have been open for {@code open} since {@code from} (closed
     * stretches do not count); {@link Instant#MAX} when that is more than a year ahead.
     */
    public Instant afterOpenTime(Instant from, Duration open) {
        if (always) {
            return from.plus(open);
        }
        Duration left = open;
        for (int week = 0; week * 7 < MAX_DAYS_AHEAD; week++) {
            Instant a = from.plus(Duration.ofDays(7L * week));
            Instant b = a.plus(Duration.ofDays(7));
            for (Interval i : intervals(a, b)) {
                Instant s = i.start().isBefore(a) ? a : i.start();
                Instant e = i.end().isAfter(b) ? b : i.end();
                if (!e.isAfter(s)) {
                    continue;
                }
                Duration here = Duration.between(s, e);
                if (here.compareTo(left) >= 0) {
                    return s.plus(left);
                }
                left = left.minus(here);
            }
        }
        return Instant.MAX;
    }

    /**
     * The close of the first trading day after the local date {@code day} (the session that makes a price
     * of {@code day} old); {@link Instant#MAX} for a market that never closes or none within a year.
     */
    public Instant closeOfTradingDayAfter(LocalDate day) {
        if (always) {
            return Instant.MAX;
        }
        Instant from = day.plusDays(1).atStartOfDay(zone).toInstant();
        for (int week = 0; week * 7 < MAX_DAYS_AHEAD; week++) {
            Instant a = from.plus(Duration.ofDays(7L * week));
            for (Instant close : dailyCloses(a, a.plus(Duration.ofDays(7)))) {
                if (close.atZone(zone).toLocalDate().isAfter(day)) {
                    return close;
                }
            }
        }
        return Instant.MAX;
    }

    /** The next moment at or after {@code t} when the market opens; empty when open now or always open. */
    public Optional<Instant> nextOpen(Instant t) {
        if (always || isOpen(t)) {
            return Optional.empty();
        }
        for (int week = 0; week * 7 < MAX_DAYS_AHEAD; week++) {
            Instant from = t.plus(Duration.ofDays(7L * week));
            Optional<Instant> first = intervals(from, from.plus(Duration.ofDays(7))).stream()
                    .map(Interval::start)
                    .filter(s -> !s.isBefore(t))
                    .min(Comparator.naturalOrder());
            if (first.isPresent()) {
                return first;
            }
        }
        return Optional.empty();
    }

    /**
     * The open intervals that overlap {@code [from, to]}, merged where sessions touch (FX's daily
     * sessions form one week-long interval).
     */
    public List<Interval> intervals(Instant from, Instant to) {
        List<Interval> raw = new ArrayList<>();
        LocalDate first = from.atZone(zone).toLocalDate().minusDays(2);
        LocalDate last = to.atZone(zone).toLocalDate().plusDays(1);
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            DayOfWeek dow = d.getDayOfWeek();
            for (WeeklySession s : sessions) {
                if (!s.days().contains(dow)) {
                    continue;
                }
                LocalDate closeDay = s.overnight() ? d.plusDays(1) : d;
                if (holidays.closed(closeDay)) {
                    continue;
                }
                Instant start = ZonedDateTime.of(d, s.open(), zone).toInstant();
                Instant end = ZonedDateTime.of(closeDay, s.close(), zone).toInstant();
                if (end.isAfter(start) && end.isAfter(from) && !start.isAfter(to)) {
                    raw.add(new Interval(start, end));
                }
            }
        }
        raw.sort(Comparator.comparing(Interval::start));
        List<Interval> merged = new ArrayList<>();
        for (Interval i : raw) {
            if (!merged.isEmpty()
                    && !i.start().isAfter(merged.get(merged.size() - 1).end())) {
                Interval prev = merged.remove(merged.size() - 1);
                merged.add(new Interval(prev.start(), i.end().isAfter(prev.end()) ? i.end() : prev.end()));
            } else {
                merged.add(i);
            }
        }
        return merged;
    }

    @Override
    public String toString() {
        return always
                ? name + " (always open)"
                : name + " " + zone + " " + sessions.size() + " sessions, holidays " + holidays.calendar();
    }
}
