package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.normal;
import static io.quotegate.budget.LedgerFixture.reserve;
import static io.quotegate.budget.LedgerFixture.twelveData;
import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.api.sync.RedisCommands;
import io.quotegate.budget.Decision.Kind;
import io.quotegate.cluster.RedisLink;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import io.quotegate.testing.TestPostgres;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Counts that outlive Redis: the shared ledger's day and month counts are written behind to PostgreSQL, every call
 * names the generation of the counts, and when Redis lost them (restarted empty, flushed, a window evicted) they
 * are re-seeded from PostgreSQL, plus what may have been spent after the last durable write, before anything is
 * decided in Redis again. Runs on the local Redis and PostgreSQL (database quotegate_test).
 */
class RedisLedgerReseedTest {

    private final MutableClock clock = MutableClock.at("2025-03-14T15:09:26.535Z");
    private final RedisLink link = RedisLedgers.link();
    private final DurableLedger durable = new DurableLedger(TestPostgres.dataSource(), link.prefix());

    private RedisLedger replica(Reseed.Lock lock, int replicas) {
        return new RedisLedger(
                        Map.of("twelvedata", twelveData()),
                        Map.of(),
                        Thresholds.defaults(),
                        clock,
                        TimeScale.of(SlotUnit.MINUTES),
                        link,
                        () -> replicas)
                .durably(durable, lock, Duration.ofSeconds(1));
    }

    /** What a Redis restarted without its data holds of this cluster: nothing. */
    private void loseEverything() {
        RedisCommands<String, String> r = link.text().sync();
        List<String> keys = r.keys("{" + link.prefix() + ":*");
        if (!keys.isEmpty()) {
            r.del(keys.toArray(String[]::new));
        }
    }

    @Test
    void shouldCreateANewClustersCountsWithoutAddingAnything() {
        RedisLedger a = replica(Reseed.Lock.ALWAYS, 1);

        assertThat(reserve(a, normal("twelvedata", "fx", 8)).kind()).isEqualTo(Kind.GRANTED);
        assertThat(a.usage("twelvedata").used(Window.DAY)).isEqualTo(8);
        assertThat(a.recentDecisions()).extracting(DecisionRecord::decision).containsExactly("granted");
        assertThat(a.reseeds("twelvedata"))
                .as("a new cluster's counts are created, not re-seeded")
                .isZero();
    }

    @Test
    void shouldTakeOverTheCountsOfTheEarlierVersionsKeysOnAnUpgrade() {
        Instant now = clock.instant();
        RedisCommands<String, String> r = link.text().sync();
        String old = link.prefix() + ":ledger:twelvedata:";
        r.hset(old + "minute:" + Windows.start(Window.MINUTE, now).toEpochMilli(), Map.of("_t", "8", "fx", "8"));
        r.hset(old + "day:" + Windows.start(Window.DAY, now).toEpochMilli(), Map.of("_t", "50", "fx", "50"));
        RedisLedger a = replica(Reseed.Lock.ALWAYS, 1);

        Decision first = reserve(a, normal("twelvedata", "crypto", 1));

        assertThat(first.kind()).isEqualTo(Kind.WAIT);
        assertThat(a.usage("twelvedata").used(Window.DAY)).isEqualTo(50);
        assertThat(a.usage("twelvedata").windows().get(Window.DAY).byFeed()).containsEntry("fx", 50L);
    }

    @Test
    void shouldReseedTheDayFromPostgresqlWhenRedisRestartedEmpty() {
        RedisLedger a = replica(Reseed.Lock.ALWAYS, 1);
        reserve(a, normal("twelvedata", "fx", 5));
        a.watchOnce("twelvedata"); // the write-behind of one second
        loseEverything();

        Decision after = reserve(a, normal("twelvedata", "fx", 1));

        // 5 written behind + 2 minutes' worth (16) for what others may have spent since; the minute counts as full.
        assertThat(after.kind()).isEqualTo(Kind.WAIT);
        assertThat(after.reason()).contains("minute full: used 8 of 8");
        assertThat(a.usage("twelvedata").used(Window.DAY)).isEqualTo(21);
        assertThat(a.recentDecisions()).extracting(DecisionRecord::decision).contains("reseeded");
        assertThat(a.reseeds("twelvedata")).as("quotegate_ledger_reseeds_total").isEqualTo(1);
    }

    @Test
    void shouldTakeWhatThisReplicaSawWhenPostgresqlIsBehind() {
        RedisLedger a = replica(Reseed.Lock.ALWAYS, 1);
        reserve(a, normal("twelvedata", "fx", 5));
        a.watchOnce("twelvedata");
        clock.advance(Duration.ofMinutes(1));
        reserve(a, normal("twelvedata", "fx", 7)); // not yet written behind
        loseEverything();

        a.usage("twelvedata"); // notices, re-seeds in the background
        reserve(a, normal("twelvedata", "fx", 1));

        assertThat(a.usage("twelvedata").used(Window.DAY)).isEqualTo(5 + 7 + 16);
    }

    @Test
    void shouldReseedWhenOnlyTheDayWindowVanished() {
        RedisLedger a = replica(Reseed.Lock.ALWAYS, 1);
        reserve(a, normal("twelvedata", "fx", 5));
        a.watchOnce("twelvedata");
        String day = new LedgerScript(() -> null, link.prefix(), TimeScale.of(SlotUnit.MINUTES), 1, () -> {}, e -> {})
                .windowKey("twelvedata", Window.DAY, Windows.start(Window.DAY, clock.instant()));
        link.text().sync().del(day); // an eviction policy took it; the generation is still there

        reserve(a, normal("twelvedata", "fx", 1));

        assertThat(a.usage("twelvedata").used(Window.DAY)).isGreaterThanOrEqualTo(5 + 16);
    }

    @Test
    void shouldDecideWithinItsSafetyShareWhileAnotherReplicaReseeds() {
        RedisLedger b = replica(Reseed.Lock.ALWAYS, 2);
        reserve(
                b,
                normal("twelvedata", "fx", 2)); // b sees 2 of 8 this minute, 2 replicas: 3 each while it cannot decide
        RedisLedger busy = replica(
                new Reseed.Lock() {
                    @Override
                    public boolean tryAcquire(String name, Duration lease) {
                        return false; // another replica holds the re-seed's lock
                    }

                    @Override
                    public void release(String name) {}
                },
                2);
        busy.usage("twelvedata");
        loseEverything();

        Decision alone = reserve(busy, normal("twelvedata", "crypto", 3));
        Decision beyond = reserve(busy, normal("twelvedata", "crypto", 1));

        assertThat(alone.kind()).isEqualTo(Kind.GRANTED);
        assertThat(beyond.kind()).isEqualTo(Kind.WAIT);
        assertThat(beyond.reason()).contains("re-seeded").contains("safety share of the minute is 3");
    }

    @Test
    void shouldRaiseACountRedisReportsLowerThanAReplicaSawIt() {
        RedisLedger a = replica(Reseed.Lock.ALWAYS, 1);
        reserve(a, normal("twelvedata", "fx", 5));
        String day = new LedgerScript(() -> null, link.prefix(), TimeScale.of(SlotUnit.MINUTES), 1, () -> {}, e -> {})
                .windowKey("twelvedata", Window.DAY, Windows.start(Window.DAY, clock.instant()));
        link.text().sync().hset(day, Map.of("_t", "2", "fx", "2")); // a fail-over lost the last writes

        a.usage("twelvedata"); // sees 2 where it saw 5: raises it back
        clock.advance(Duration.ofMinutes(1));

        assertThat(a.usage("twelvedata").used(Window.DAY)).isEqualTo(5);
        assertThat(a.recentDecisions()).extracting(DecisionRecord::decision).contains("restored");
    }

    @Test
    void shouldWriteTheDayBehindToPostgresqlWithItsGeneration() throws SQLException {
        RedisLedger a = replica(Reseed.Lock.ALWAYS, 1);
        reserve(a, normal("twelvedata", "fx", 1));
        a.watchOnce("twelvedata");

        assertThat(durable.load("twelvedata", clock.instant().plus(Duration.ofMinutes(1)))
                        .counts(Window.DAY))
                .containsEntry("_t", 1L)
                .containsEntry("fx", 1L);
        assertThat(durable.load("twelvedata", clock.instant()).generation()).isEqualTo(1);
    }
}
