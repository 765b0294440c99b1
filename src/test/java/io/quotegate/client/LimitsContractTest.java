package io.quotegate.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quotegate.testing.MutableClock;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * One contract for the limiter, the stream registry and the monthly counters, run against the
 * in-memory parts and the Redis parts (the local Redis at 127.0.0.1:6379, keys under a unique prefix,
 * removed afterwards). Two Redis instances of a part stand for two replicas: they must share one count.
 */
class LimitsContractTest {

    static final Tier SMALL = new Tier("small", 3, 2, 10, 0);
    static final Client CLIENT = new Client("key:team-a", "team-a", SMALL, true);

    abstract static class Contract {

        final MutableClock clock = Plans.clock();

        /** Two handles on the same store, as two replicas see it (for memory: the same object). */
        abstract RequestLimiter limiter(int replica);

        abstract StreamRegistry streams(int replica);

        abstract UsageCounters counters(int replica);

        @Test
        void theBucketHoldsRequestsPerMinuteAndRefillsSmoothly() {
            for (int i = 0; i < 3; i++) {
                RateState s = limiter(i % 2).tryAcquire(CLIENT).block();
                assertThat(s.allowed()).isTrue();
                assertThat(s.remaining()).isEqualTo(2 - i);
            }
            RateState refused = limiter(0).tryAcquire(CLIENT).block();
            assertThat(refused.allowed()).isFalse();
            assertThat(refused.retryAfterSeconds()).isEqualTo(20);
            assertThat(limiter(1).tryAcquire(CLIENT).block().allowed())
                    .as("the other replica shares the count")
                    .isFalse();
            assertThat(limiter(1).peek(CLIENT).block().remaining()).isZero();
            clock.advance(Duration.ofSeconds(20));
            assertThat(limiter(1).peek(CLIENT).block().remaining()).isEqualTo(1);
            assertThat(limiter(1).tryAcquire(CLIENT).block().allowed()).isTrue();
            assertThat(limiter(0).tryAcquire(CLIENT).block().allowed()).isFalse();
        }

        @Test
        void streamsCountUntilReleasedOnAnyReplica() {
            StreamLease a = streams(0).tryOpen(CLIENT, 2).block();
            StreamLease b = streams(1).tryOpen(CLIENT, 2).block();
            assertThat(a.granted()).isTrue();
            assertThat(a.open()).isEqualTo(1);
            assertThat(b.granted()).isTrue();
            assertThat(b.open()).isEqualTo(2);
            StreamLease c = streams(0).tryOpen(CLIENT, 2).block();
            assertThat(c.granted()).isFalse();
            assertThat(c.open()).isEqualTo(2);
            assertThat(streams(1).open(CLIENT).block()).isEqualTo(2);
            b.release();
            awaitOpen(1);
            assertThat(streams(0).tryOpen(CLIENT, 2).block().granted()).isTrue();
            assertThat(streams(1).tryOpen(CLIENT, 0).block().granted())
                    .as("0 = unlimited")
                    .isTrue();
        }

        @Test
        void monthlyCountersAddUpAcrossReplicasAndMonthsAreSeparate() {
            YearMonth dec = YearMonth.of(2026, 12);
            assertThat(counters(0).add(CLIENT, dec, 1, 100).block()).isEqualTo(new MonthlyUsage(1, 100));
            assertThat(counters(1).add(CLIENT, dec, 1, 50).block()).isEqualTo(new MonthlyUsage(2, 150));
            assertThat(counters(0).read(CLIENT, dec).block()).isEqualTo(new MonthlyUsage(2, 150));
            assertThat(counters(1).read(CLIENT, dec.plusMonths(1)).block()).isEqualTo(MonthlyUsage.NONE);
        }

        void awaitOpen(int expected) {
            // A release on Redis is fire-and-forget; give it a moment to land (no clock involved).
            for (int i = 0; i < 100 && streams(1).open(CLIENT).block() != expected; i++) {
                Thread.onSpinWait();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            assertThat(streams(1).open(CLIENT).block()).isEqualTo(expected);
        }
    }

    @Nested
    class InMemory extends Contract {
        final RequestLimiter limiter = new LocalRequestLimiter(clock);
        final StreamRegistry streams = new LocalStreamRegistry();
        final UsageCounters counters = new LocalUsageCounters();

        RequestLimiter limiter(int replica) {
            return limiter;
        }

        StreamRegistry streams(int replica) {
            return streams;
        }

        UsageCounters counters(int replica) {
            return counters;
        }
    }

    static RedisClient redis;
    static StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void connect() {
        redis = RedisClient.create("redis://127.0.0.1:6379");
        try {
            connection = redis.connect();
        } catch (RedisConnectionException e) {
            connection = null;
        }
    }

    @AfterAll
    static void disconnect() {
        if (connection != null) {
            connection.close();
        }
        redis.shutdown();
    }

    @Nested
    class InRedis extends Contract {
        final String prefix = "quotegate-test:" + UUID.randomUUID() + ":";
        final List<RequestLimiter> limiters;
        final List<RedisStreamRegistry> streams;
        final List<UsageCounters> counters;

        InRedis() {
            Assumptions.assumeTrue(connection != null, "Redis at 127.0.0.1:6379 is not running");
            limiters = List.of(
                    new RedisRequestLimiter(redis, prefix, clock), new RedisRequestLimiter(redis, prefix, clock));
            VirtualTimeScheduler never = VirtualTimeScheduler.create();
            streams = List.of(
                    new RedisStreamRegistry(connection, prefix, clock, Duration.ofSeconds(30), never),
                    new RedisStreamRegistry(connection, prefix, clock, Duration.ofSeconds(30), never));
            counters = List.of(new RedisUsageCounters(connection, prefix), new RedisUsageCounters(connection, prefix));
        }

        RequestLimiter limiter(int replica) {
            return limiters.get(replica);
        }

        StreamRegistry streams(int replica) {
            return streams.get(replica);
        }

        UsageCounters counters(int replica) {
            return counters.get(replica);
        }

        @Test
        void aDeadReplicasStreamsLapseAndALiveOneRenewsItsOwn() {
            StreamLease alive = streams.get(0).tryOpen(CLIENT, 2).block();
            StreamLease dead = streams.get(1).tryOpen(CLIENT, 2).block();
            assertThat(alive.granted() && dead.granted()).isTrue();
            clock.advance(Duration.ofSeconds(20));
            streams.get(0).renew().block(); // replica 0 is alive; replica 1 never renews again
            clock.advance(Duration.ofSeconds(20));
            assertThat(streams.get(0).open(CLIENT).block()).isEqualTo(1);
            assertThat(streams.get(0).tryOpen(CLIENT, 2).block().granted()).isTrue();
        }

        @Test
        void warningsReachTheOtherReplicasAndNotTheSender() throws InterruptedException {
            try (RedisWarningRelay a = new RedisWarningRelay(redis, connection, prefix);
                    RedisWarningRelay b = new RedisWarningRelay(redis, connection, prefix)) {
                List<String> onA = new java.util.concurrent.CopyOnWriteArrayList<>();
                List<Warning> onB = new java.util.concurrent.CopyOnWriteArrayList<>();
                a.listen((id, w) -> onA.add(id));
                b.listen((id, w) -> onB.add(w));
                Warning sent = new Warning(
                        "data_limit_warning",
                        "messages-per-month",
                        10,
                        8,
                        80.0,
                        java.time.Instant.parse("2027-01-01T00:00:00Z"),
                        "Approaching limit messages-per-month");
                a.publish(CLIENT.id(), sent);
                for (int i = 0; i < 200 && onB.isEmpty(); i++) {
                    Thread.sleep(10); // pub/sub delivery is asynchronous; no clock to move
                }
                assertThat(onB).containsExactly(sent);
                assertThat(onA).isEmpty();
            }
        }

        @org.junit.jupiter.api.AfterEach
        void clean() {
            List<String> keys = connection.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                connection.sync().del(keys.toArray(String[]::new));
            }
            streams.forEach(RedisStreamRegistry::close);
        }
    }
}
