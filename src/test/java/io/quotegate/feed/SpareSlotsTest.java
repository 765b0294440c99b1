package io.quotegate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Spare instants sit between a feed's own slots and never on another feed's. */
class SpareSlotsTest {

    @Test
    void theShippedStaggerGivesFxTheQuarterHours() {
        // indices :05 :35, commodities :10 :40, crypto :20 :50
        assertThat(SpareSlots.between(List.of(0, 30), Set.of(5, 35, 10, 40, 20, 50), 1))
                .containsExactly(15, 45);
    }

    @Test
    void aTakenMiddleMovesToTheNearestFreeMinuteLaterFirst() {
        assertThat(SpareSlots.between(List.of(0, 30), Set.of(15, 45, 46), 1)).containsExactly(16, 44);
    }

    @Test
    void aRefreshSpanningMinutesNeedsThemAllFreeAndEndsBeforeTheNextSlot() {
        assertThat(SpareSlots.between(List.of(0, 30), Set.of(16, 47), 2)).containsExactly(14, 45);
        assertThat(SpareSlots.between(List.of(0, 3), Set.of(), 3))
                .as("no room for three minutes between :00 and :03; the long gap has its middle")
                .containsExactly(31);
    }

    @Test
    void aGapWithNoFreeMinuteHasNoInstant() {
        assertThat(SpareSlots.between(List.of(0, 2, 30), Set.of(1), 1)).containsExactly(16, 45);
        assertThat(SpareSlots.between(List.of(0, 1), Set.of(), 1)).containsExactly(30);
    }

    @Test
    void oneSlotAnHourHasItsInstantHalfAnHourLater() {
        assertThat(SpareSlots.between(List.of(50), Set.of(), 1)).containsExactly(20);
    }

    @Test
    void noInstantEverEqualsAnySlotOfAnyFeed() {
        Random random = new Random(9);
        for (int round = 0; round < 2_000; round++) {
            List<Integer> own = randomSlots(random, 1 + random.nextInt(4));
            Set<Integer> taken = new HashSet<>(randomSlots(random, random.nextInt(20)));
            taken.removeAll(own);
            int span = 1 + random.nextInt(3);

            List<Integer> spare = SpareSlots.between(own, taken, span);

            for (int at : spare) {
                assertThat(own).as("round %d: %s between %s", round, spare, own).doesNotContain(at);
                for (int k = 0; k < span; k++) {
                    assertThat(taken)
                            .as("round %d: %s (span %d) against %s", round, spare, span, taken)
                            .doesNotContain((at + k) % 60);
                }
            }
            assertThat(spare).hasSizeLessThanOrEqualTo(own.size());
        }
    }

    private static List<Integer> randomSlots(Random random, int n) {
        return random.ints(n, 0, 60).distinct().boxed().toList();
    }
}
