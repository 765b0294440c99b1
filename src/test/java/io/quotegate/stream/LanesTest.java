package io.quotegate.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LanesTest {

    /** An executor that only queues; the test runs its tasks by hand, like an event loop's turn. */
    static final class QueuedLane implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();
        int submitted;

        @Override
        public void execute(Runnable task) {
            submitted++;
            tasks.add(task);
        }

        void runAll() {
            Runnable t;
            while ((t = tasks.poll()) != null) {
                t.run();
            }
        }
    }

    record Item(int id, Executor lane) {}

    @Test
    void eachLaneGetsOneTaskPerChunkNotOnePerItem() {
        QueuedLane a = new QueuedLane();
        QueuedLane b = new QueuedLane();
        List<Item> items = IntStream.range(0, 2 * Lanes.CHUNK + 10)
                .mapToObj(i -> new Item(i, i % 2 == 0 ? a : b))
                .toList();
        List<Integer> done = new ArrayList<>();

        Lanes.run(items, Item::lane, item -> done.add(item.id()));

        assertThat(done).as("nothing runs on the caller's thread").isEmpty();
        a.runAll();
        b.runAll();
        assertThat(done).hasSize(items.size()).doesNotHaveDuplicates();
        // 265 items per lane: two tasks each (256 + 9), the second queued by the first at its end.
        assertThat(a.submitted).isEqualTo(2);
        assertThat(b.submitted).isEqualTo(2);
    }

    @Test
    void theNextChunkIsQueuedBehindWhatTheChunkQueued() {
        QueuedLane lane = new QueuedLane();
        List<Item> items = IntStream.range(0, Lanes.CHUNK + 1)
                .mapToObj(i -> new Item(i, lane))
                .toList();
        List<String> order = new ArrayList<>();

        // Each item queues its own follow-up (as a write queues its flush) on the same lane.
        Lanes.run(items, Item::lane, item -> {
            order.add("write " + item.id());
            lane.execute(() -> order.add("flush " + item.id()));
        });
        lane.runAll();

        assertThat(order.indexOf("flush 0"))
                .as("the first chunk's flushes run before the second chunk is written")
                .isLessThan(order.indexOf("write " + Lanes.CHUNK));
    }

    @Test
    void itemsWithoutALaneRunInlineAndAClosedLaneFallsBackToInline() {
        Executor closed = task -> {
            throw new RejectedExecutionException("shut down");
        };
        List<Integer> done = new ArrayList<>();
        List<Item> items = List.of(new Item(1, closed), new Item(2, closed));

        Lanes.run(items, Item::lane, item -> done.add(item.id()));
        Lanes.run(List.of(3), i -> null, done::add);

        assertThat(done).containsExactly(1, 2, 3);
    }
}
