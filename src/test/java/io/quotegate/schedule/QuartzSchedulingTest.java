package io.quotegate.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.SlotUnit;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class QuartzSchedulingTest {

    /** The shipped default feeds' slots (fx, indices, crypto, commodities). */
    private static final List<List<Integer>> DEFAULT_SLOTS =
            List.of(List.of(0, 30), List.of(5, 35), List.of(20, 50), List.of(10, 40));

    @Test
    void theMisfireThresholdIsOneUnit() {
        assertThat(QuartzScheduling.misfireThresholdMillis(SlotUnit.MINUTES)).isEqualTo(60_000);
        assertThat(QuartzScheduling.misfireThresholdMillis(SlotUnit.SECONDS)).isEqualTo(1_000);
    }

    @Test
    void aLateSlotCannotRunIntoAnotherFeedsSlot() {
        int gap = smallestGapBetweenSlots();
        assertThat(gap).isEqualTo(5);

        assertThat(QuartzScheduling.misfireThresholdMillis(SlotUnit.MINUTES)).isLessThan(gap * 60_000L);
        assertThat(QuartzScheduling.misfireThresholdMillis(SlotUnit.SECONDS)).isLessThan(gap * 1_000L);
    }

    private static int smallestGapBetweenSlots() {
        TreeSet<Integer> all = new TreeSet<>();
        DEFAULT_SLOTS.forEach(all::addAll);
        int smallest = Integer.MAX_VALUE;
        Integer previous = null;
        for (int s : all) {
            if (previous != null) {
                smallest = Math.min(smallest, s - previous);
            }
            previous = s;
        }
        return Math.min(smallest, all.first() + 60 - all.last());
    }
}
