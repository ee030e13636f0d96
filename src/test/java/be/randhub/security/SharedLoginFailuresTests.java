package be.randhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import be.randhub.support.SharedDatabase;

/**
 * Two hub instances' failure counts on one database (H2 or PostgreSQL), each with its own pool and memory, on one
 * clock: wrong passwords spread over both lock out as on one instance, and made-up names neither grow the database
 * nor flush a lock-out.
 */
class SharedLoginFailuresTests {

    static SharedDatabase database;
    final AtomicLong millis = new AtomicLong(System.currentTimeMillis());
    final FailureCounts one = instance();
    final FailureCounts two = instance();

    @BeforeAll
    static void database() {
        database = SharedDatabase.create();
    }

    @AfterAll
    static void close() {
        database.close();
    }

    private FailureCounts instance() {
        if (database == null) {
            database();
        }
        javax.sql.DataSource pool = database.instance();
        JdbcTemplate jdbc = new JdbcTemplate(pool);
        return new FailureCounts(5, 20, Duration.ofMinutes(5), millis::get, () -> TimeUnit.MILLISECONDS.toNanos(millis.get()),
                new SharedFailureCounts(jdbc, new TransactionTemplate(new JdbcTransactionManager(pool)), millis::get));
    }

    /** A source of this test's own (the database may hold other runs' counts). */
    private static String source() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(1, 255);
    }

    private void second() {
        millis.addAndGet(1001); // past the second for which an instance trusts a clean look
    }

    @Test
    void fiveWrongPasswordsSpreadOverTwoInstancesLockTheAccountOnBoth() {
        String attacker = source();
        for (FailureCounts instance : List.of(one, two, one, two)) {
            assertThat(instance.locked("kanak", attacker)).isFalse();
            instance.failed("kanak", attacker);
        }
        assertThat(one.locked("kanak", attacker)).isFalse();
        assertThat(two.locked("kanak", attacker)).isFalse();

        one.failed("kanak", attacker);

        assertThat(one.locked("kanak", attacker)).isTrue();
        assertThat(two.locked("kanak", attacker)).isTrue();
        assertThat(two.locked("kanak", source())).as("the partner's own address").isFalse();
        millis.addAndGet(Duration.ofMinutes(5).toMillis() + 1);
        assertThat(one.locked("kanak", attacker)).isFalse();
        assertThat(two.locked("kanak", attacker)).isFalse();
    }

    @Test
    void anInstanceThatLookedAtThePairASecondAgoSeesTheLockTheOtherMade() {
        String attacker = source();
        assertThat(two.locked("riso", attacker)).isFalse(); // clean, for a second
        for (int i = 0; i < 5; i++) {
            one.failed("riso", attacker);
        }
        second();
        assertThat(two.locked("riso", attacker)).isTrue();
    }

    @Test
    void aRightPasswordOnOneInstanceStartsTheCountAgainOnEvery() {
        String office = source();
        for (int i = 0; i < 4; i++) {
            one.failed("pin", office);
        }
        second();
        assertThat(two.locked("pin", office)).isFalse();
        two.succeeded("pin", office);
        for (int i = 0; i < 4; i++) {
            one.failed("pin", office);
        }
        assertThat(one.locked("pin", office)).as("four in a row, twice").isFalse();
        assertThat(two.locked("pin", office)).isFalse();
    }

    @Test
    void madeUpNamesFromOneSourceOverTwoInstancesLockTheSourceButNotWhoLoggedInFromIt() {
        String nat = source();
        one.succeeded("de-rand", nat); // a partner behind the same address logged in on one instance
        for (int i = 0; i < 20; i++) {
            (i % 2 == 0 ? one : two).failed(null, nat);
        }
        second();
        assertThat(one.sourceLocked(null, nat)).isTrue();
        assertThat(two.sourceLocked(null, nat)).isTrue();
        assertThat(two.sourceLocked("riso", nat)).isTrue();
        assertThat(two.sourceLocked("de-rand", nat)).as("known on the other instance").isFalse();
    }

    @Test
    void madeUpNamesNeitherGrowTheDatabaseNorFlushALockOut() {
        String attacker = source();
        for (int i = 0; i < 5; i++) {
            two.failed("kanak", attacker);
        }
        JdbcTemplate jdbc = new JdbcTemplate(database.instance());
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM " + SharedFailureCounts.TABLE, Long.class);

        String flooder = source();
        for (int i = 0; i < 300; i++) {
            (i % 2 == 0 ? one : two).failed(null, flooder); // a made-up name each time: counted on the source alone
        }
        for (int i = 0; i < 300; i++) {
            one.failed(null, source()); // from many sources
        }

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + SharedFailureCounts.TABLE + " WHERE source = ?", Long.class, flooder))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + SharedFailureCounts.TABLE, Long.class)).isLessThanOrEqualTo(before + 301);
        second();
        assertThat(one.locked("kanak", attacker)).isTrue();
        assertThat(two.locked("kanak", attacker)).isTrue();
    }
}
