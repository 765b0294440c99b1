package io.quotegate.budget;

import io.quotegate.model.Priority;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The ledger's decision path (MemoryLedger.decide: check every window, count, record, publish the
 * readers' view) and its reads, in memory ({@code store=memory}: nothing saved) and with the real
 * file record ({@code store=file}: write, fsync and move per grant, the write-ahead cost). The
 * {@code readsDuringWrites} group runs one writer and one reader at once: reads take no lock, so
 * their figure should not fall to the writer's. Run by {@code bench/ledger-jmh.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LedgerDecisionBenchmark {

    @Param({"memory", "file"})
    public String store;

    private MemoryLedger ledger;
    private final Spend spend = new Spend("demo", "fx", Priority.CRITICAL, 1, "bench");

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        // Limits no benchmark can reach, so every decision is a grant that counts and records.
        Budget budget = new Budget(
                "demo",
                CostModel.parse("per-call"),
                Map.of(
                        Window.MINUTE,
                        Integer.MAX_VALUE,
                        Window.DAY,
                        Integer.MAX_VALUE,
                        Window.MONTH,
                        Integer.MAX_VALUE));
        LedgerStore s = store.equals("file")
                ? new FileLedgerStore(Files.createTempDirectory("ledger-bench"), SlotUnit.SECONDS)
                : LedgerStore.NONE;
        ledger = new MemoryLedger(
                Map.of("demo", budget),
                Map.of(),
                Thresholds.defaults(),
                Clock.systemUTC(),
                TimeScale.of(SlotUnit.MINUTES),
                s,
                java.util.Set.of("demo"));
    }

    @Benchmark
    public Decision decide() {
        return ledger.decide(spend);
    }

    @Benchmark
    public Usage usage() {
        return ledger.usage("demo");
    }

    @Benchmark
    @Group("readsDuringWrites")
    @GroupThreads(1)
    public Decision writer() {
        return ledger.decide(spend);
    }

    @Benchmark
    @Group("readsDuringWrites")
    @GroupThreads(1)
    public Usage reader() {
        return ledger.usage("demo");
    }
}
