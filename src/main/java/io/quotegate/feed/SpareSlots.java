package io.quotegate.feed;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a critical feed's spare refreshes may fire: one instant in each gap between two of its slots,
 * as near the gap's middle as possible (the middle, then one later, one earlier, two later ...), on a
 * minute (a second in seconds mode) that no other feed's slot occupies. A slot occupies as many minutes
 * as its refresh spans under its provider's per-minute limit; a spare refresh that spans several minutes
 * needs all of them free and must end before the feed's next slot. A gap with no free minute has no
 * spare instant.
 */
final class SpareSlots {

    private SpareSlots() {}

    /**
     * @param own   the feed's slots, 0..59
     * @param taken every minute another feed's slots occupy, 0..59
     * @param span  how many minutes one refresh of the feed spans (at least 1)
     * @return the spare instants, sorted; none equals one of {@code own} or {@code taken}
     */
    static List<Integer> between(List<Integer> own, Set<Integer> taken, int span) {
        List<Integer> sorted = own.stream().sorted().distinct().toList();
        int width = Math.max(1, span);
        Set<Integer> out = new TreeSet<>();
        for (int i = 0; i < sorted.size(); i++) {
            int from = sorted.get(i);
            int to = i + 1 < sorted.size() ? sorted.get(i + 1) : sorted.get(0) + 60;
            int gap = to - from;
            int middle = from + gap / 2;
            for (int d = 0; d < 2 * gap; d++) {
                int candidate = middle + (d % 2 == 1 ? (d + 1) / 2 : -(d / 2));
                if (candidate > from && candidate + width - 1 < to && free(candidate, width, taken)) {
                    out.add(Math.floorMod(candidate, 60));
                    break;
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean free(int start, int width, Set<Integer> taken) {
        for (int k = 0; k < width; k++) {
            if (taken.contains(Math.floorMod(start + k, 60))) {
                return false;
            }
        }
        return true;
    }
}
