package io.quotegate.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TimeZone;
import java.util.stream.Collectors;

/**
 * A feed's slots as clock arithmetic. In {@code minutes} mode slots are minutes of every hour of the
 * configured zone ({@code [0, 30]} fires at :00 and :30); in {@code seconds} mode the same numbers are
 * seconds of every minute. {@link #cron} gives the equivalent Quartz cron expression (as text, so this
 * class needs no scheduler); {@link #next} computes fire times without one.
 */
public final class SlotSchedule {

    private final SlotUnit unit;
    private final ZoneId zoneId;
    private final TimeZone zone;

    public SlotSchedule(SlotUnit unit, ZoneId zone) {
        this.unit = unit;
        this.zoneId = zone;
        this.zone = TimeZone.getTimeZone(zone);
    }

    public SlotUnit unit() {
        return unit;
    }

    public TimeZone zone() {
        return zone;
    }

    /** The cron expression for these slots (0 to 59 each). */
    public String cron(List<Integer> slots) {
        String list = checked(slots).stream().map(String::valueOf).collect(Collectors.joining(","));
        return unit == SlotUnit.MINUTES ? "0 " + list + " * * * ?" : list + " * * * * ?";
    }

    /** The first fire time strictly after {@code after}. */
    public Instant next(List<Integer> slots, Instant after) {
        List<Integer> sorted = checked(slots);
        ChronoUnit period = unit == SlotUnit.MINUTES ? ChronoUnit.HOURS : ChronoUnit.MINUTES;
        ChronoUnit step = unit == SlotUnit.MINUTES ? ChronoUnit.MINUTES : ChronoUnit.SECONDS;
        // The start of the hour (or minute) in the zone: half-hour offsets move minute :00 away from UTC's.
        Instant start = after.atZone(zoneId).truncatedTo(period).toInstant();
        for (int p = 0; p < 3; p++) {
            Instant base = start.plus(p, period);
            for (int s : sorted) {
                Instant candidate = base.plus(s, step);
                if (candidate.isAfter(after)) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("no slot within three periods after " + after);
    }

    /**
     * {@link #next} for one feed's slots, computed once per slot: the answer is reused for every instant
     * before it, since no slot lies between the instant it was computed for and itself. Thread-safe.
     */
    public NextSlot nextSlot(List<Integer> slots) {
        return new NextSlot(this, checked(slots));
    }

    /** The first fire time after now, cached until that time passes. */
    public static final class NextSlot {

        private final SlotSchedule schedule;
        private final List<Integer> slots;
        private volatile Computed last = new Computed(Long.MAX_VALUE, Instant.MIN);

        NextSlot(SlotSchedule schedule, List<Integer> slots) {
            this.schedule = schedule;
            this.slots = slots;
        }

        /** The first slot strictly after {@code now}; as {@link SlotSchedule#next}. */
        public Instant after(Instant now) {
            Computed c = last;
            long t = now.toEpochMilli();
            if (t >= c.fromMillis && now.isBefore(c.next)) {
                return c.next;
            }
            Instant next = schedule.next(slots, now);
            last = new Computed(t, next);
            return next;
        }

        /** Whole seconds from {@code nowMillis} to the next slot, never negative: a max-age. */
        public long secondsUntil(long nowMillis) {
            Computed c = last;
            Instant next = nowMillis >= c.fromMillis && nowMillis < c.nextMillis
                    ? c.next
                    : after(Instant.ofEpochMilli(nowMillis));
            return Math.max(0, (next.toEpochMilli() - nowMillis) / 1000);
        }

        private record Computed(long fromMillis, Instant next, long nextMillis) {
            Computed(long fromMillis, Instant next) {
                this(fromMillis, next, next.equals(Instant.MIN) ? Long.MIN_VALUE : next.toEpochMilli());
            }
        }
    }

    private static List<Integer> checked(List<Integer> slots) {
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("no slots");
        }
        for (int s : slots) {
            if (s < 0 || s > 59) {
                throw new IllegalArgumentException("slot " + s + " is outside 0..59");
            }
        }
        return slots.stream().sorted().distinct().toList();
    }
}
