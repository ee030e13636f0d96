package be.randhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import be.randhub.support.SharedDatabase;

import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;

/**
 * Timed work fired on two hub instances at once (each with its own pool and lock provider on one database, H2 or
 * PostgreSQL) runs once; fired again after its interval, once more.
 */
class OnceAcrossInstancesTests {

    static SharedDatabase database;

    @BeforeAll
    static void database() {
        database = SharedDatabase.create();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private static OnceAcrossInstances instance(String name) {
        JdbcTemplate jdbc = new JdbcTemplate(database.instance());
        return new OnceAcrossInstances(new DefaultLockingTaskExecutor(ClusterConfiguration.lockProvider(jdbc, name)), null,
                (ProducerTemplate) null);
    }

    @Test
    void theSameJobFiredOnTwoInstancesAtOnceRunsOnce() throws Exception {
        List<OnceAcrossInstances> instances = List.of(instance("hub-1"), instance("hub-2"));
        String job = "close-feed-" + UUID.randomUUID().toString().substring(0, 8);
        Duration interval = Duration.ofSeconds(4);
        AtomicInteger runs = new AtomicInteger();

        for (int firing = 1; firing <= 2; firing++) {
            CyclicBarrier together = new CyclicBarrier(instances.size());
            List<CompletableFuture<Boolean>> fired = instances.stream().map(instance -> CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return instance.run(job, interval, () -> {
                    runs.incrementAndGet();
                    sleep(300); // the feed is being closed while the other instance's schedule fires
                });
            })).toList();
            assertThat(fired.stream().map(CompletableFuture::join).filter(ran -> ran).count()).isEqualTo(1);
            assertThat(runs).hasValue(firing);
            // shortly after the run ended the other instance (a clock a little behind) still finds it locked
            sleep(200);
            assertThat(instances.get(1).run(job, interval, runs::incrementAndGet)).isFalse();
            assertThat(instances.get(0).run(job, interval, runs::incrementAndGet)).isFalse();
            // the next firing, an interval later
            sleep(interval.toMillis() - 500);
        }
        assertThat(runs).hasValue(2);
    }

    @Test
    void aLockLeftByAnInstanceThatDiedFreesTheNextFiring() {
        OnceAcrossInstances died = instance("hub-1");
        OnceAcrossInstances survivor = instance("hub-2");
        String job = "purge-" + UUID.randomUUID().toString().substring(0, 8);
        Duration interval = Duration.ofSeconds(2);
        // hub-1 took the lock and never let it go (its work never ends here: it stopped mid-run)
        CompletableFuture.runAsync(() -> died.run(job, interval, () -> sleep(60_000)));
        sleep(300);
        assertThat(survivor.run(job, interval, () -> { })).isFalse();

        sleep(interval.toMillis());

        assertThat(survivor.run(job, interval, () -> { })).isTrue();
    }

    @Test
    void aScheduleIsLockedForHalfTheTimeBetweenItsFirings() {
        assertThat(OnceAcrossInstances.cronInterval("0 0 6 * * *", java.util.TimeZone.getTimeZone("Europe/Brussels")))
                .isBetween(Duration.ofHours(23), Duration.ofHours(25));
        assertThat(OnceAcrossInstances.cronInterval("0 */5 * * * *", null)).isEqualTo(Duration.ofMinutes(5));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
