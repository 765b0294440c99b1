package io.quotegate.stream;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Runs one action on many connections, each on its lane: the thread that writes that connection (for
 * an HTTP stream, its event loop), or inline where a connection has none.
 *
 * <p>Why: handed a frame from another thread, the transport queues one task per connection on that
 * connection's event loop and wakes the loop for it; 10,000 subscribers meant 10,000 cross-thread task
 * hand-overs per version, each followed by a second task for the flush. Here each lane gets one task
 * per {@link #CHUNK} connections; inside it every write is a plain call on the loop, and the task
 * queues the next chunk only at its end, so the flushes the chunk queued go out before the next chunk
 * is written.
 */
final class Lanes {

    /** Connections per task on a lane: their flushes go out before the next chunk is written. */
    static final int CHUNK = 256;

    private Lanes() {}

    static <T> void run(Iterable<T> items, Function<T, @Nullable Executor> laneOf, Consumer<T> action) {
        Map<Executor, List<T>> byLane = new IdentityHashMap<>();
        for (T item : items) {
            Executor lane = laneOf.apply(item);
            if (lane == null) {
                action.accept(item);
            } else {
                byLane.computeIfAbsent(lane, l -> new ArrayList<>()).add(item);
            }
        }
        byLane.forEach((lane, list) -> new Chunks<>(lane, list, action).submit());
    }

    /** One lane's share, a chunk per task; inline when the lane no longer takes tasks (it is closing). */
    private static final class Chunks<T> implements Runnable {

        private final Executor lane;
        private final List<T> items;
        private final Consumer<T> action;
        private int next;

        Chunks(Executor lane, List<T> items, Consumer<T> action) {
            this.lane = lane;
            this.items = items;
            this.action = action;
        }

        void submit() {
            try {
                lane.execute(this);
            } catch (RejectedExecutionException e) {
                while (next < items.size()) {
                    action.accept(items.get(next++));
                }
            }
        }

        @Override
        public void run() {
            int end = Math.min(items.size(), next + CHUNK);
            while (next < end) {
                action.accept(items.get(next++));
            }
            if (next < items.size()) {
                submit();
            }
        }
    }
}
