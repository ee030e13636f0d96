package be.randhub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * The failure counts behind every login, on a clock of the test's own: who gets locked, for how long, what a flood
 * of made-up names or of sources can do to the store, and what is logged.
 */
class LoginThrottleTests {

    final AtomicLong millis = new AtomicLong(1_000_000);
    final FailureCounts counts = new FailureCounts(5, 20, Duration.ofMinutes(5), millis::get,
            () -> TimeUnit.MILLISECONDS.toNanos(millis.get()));
    final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void listen() {
        log.start();
        ((Logger) LoggerFactory.getLogger(LoginThrottle.class)).addAppender(log);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(LoginThrottle.class)).detachAppender(log);
    }

    @Test
    void fiveWrongPasswordsLockTheAccountFromThatSourceOnly() {
        for (int i = 0; i < 4; i++) {
            counts.failed("kanak", "203.0.113.9");
        }
        assertThat(counts.locked("kanak", "203.0.113.9")).isFalse();

        counts.failed("kanak", "203.0.113.9");

        assertThat(counts.locked("kanak", "203.0.113.9")).isTrue();
        assertThat(counts.locked("kanak", "198.51.100.7")).as("the partner's own address").isFalse();
        assertThat(counts.locked("riso", "203.0.113.9")).as("another account from the attacker's address").isFalse();
        assertThat(counts.sourceLocked(null, "203.0.113.9")).isFalse();
    }

    @Test
    void aRightPasswordStartsTheCountAgainButALockLastsItsTime() {
        for (int i = 0; i < 4; i++) {
            counts.failed("kanak", "198.51.100.7");
        }
        counts.succeeded("kanak", "198.51.100.7");
        for (int i = 0; i < 4; i++) {
            counts.failed("kanak", "198.51.100.7");
        }
        assertThat(counts.locked("kanak", "198.51.100.7")).as("four in a row, twice").isFalse();

        counts.failed("kanak", "198.51.100.7");
        millis.addAndGet(Duration.ofMinutes(4).toMillis());
        assertThat(counts.locked("kanak", "198.51.100.7")).isTrue();
        millis.addAndGet(Duration.ofMinutes(1).toMillis() + 1);
        assertThat(counts.locked("kanak", "198.51.100.7")).as("after the lock-out").isFalse();
    }

    @Test
    void madeUpNamesLockTheirSourceAndCreateNoEntriesOfTheirOwn() {
        for (int i = 0; i < 19; i++) {
            counts.failed(null, "203.0.113.9");
        }
        assertThat(counts.sourceLocked(null, "203.0.113.9")).isFalse();
        counts.failed(null, "203.0.113.9");
        for (int i = 0; i < 10_000; i++) {
            counts.failed(null, "203.0.113.9");
        }

        assertThat(counts.sourceLocked(null, "203.0.113.9")).isTrue();
        assertThat(counts.sourceLocked(null, "198.51.100.7")).isFalse();
        assertThat(counts.size()).as("one entry for the source, none per name").isEqualTo(1);
        assertThat(messages()).containsExactly("Logins from 203.0.113.9 are refused for 5 min after 20 failed logins under any user names");
    }

    /** Someone failing from the address a partner works from (a shared office, a NAT) does not lock that partner out. */
    @Test
    void aLockedSourceDoesNotLockOutAnAccountThatLoggedInFromItLately() {
        counts.succeeded("kanak", "203.0.113.9");
        for (int i = 0; i < 25; i++) {
            counts.failed(null, "203.0.113.9");
        }

        assertThat(counts.sourceLocked(null, "203.0.113.9")).isTrue();
        assertThat(counts.sourceLocked("riso", "203.0.113.9")).as("an account not seen from there").isTrue();
        assertThat(counts.sourceLocked("kanak", "203.0.113.9")).as("the partner that works from there").isFalse();
        millis.addAndGet(Duration.ofDays(1).toMillis() + 1);
        for (int i = 0; i < 25; i++) {
            counts.failed(null, "203.0.113.9");
        }
        assertThat(counts.sourceLocked("kanak", "203.0.113.9")).as("a day later, without logging in meanwhile").isTrue();
    }

    @Test
    void eachLockIsLoggedOnceWithTheAccountAndTheSource() {
        for (int i = 0; i < 12; i++) {
            counts.failed("operator", "203.0.113.9");
        }
        millis.addAndGet(Duration.ofMinutes(5).toMillis() + 1);
        for (int i = 0; i < 5; i++) {
            counts.failed("operator", "203.0.113.9");
        }

        assertThat(messages()).containsExactly(
                "Logins as operator from 203.0.113.9 are refused for 5 min after 5 wrong passwords in a row",
                "Logins as operator from 203.0.113.9 are refused for 5 min after 5 wrong passwords in a row");
    }

    @Test
    void aFloodOfSourcesStaysBoundedAndOnlyForgives() {
        for (int i = 0; i < 5; i++) {
            counts.failed("kanak", "198.51.100.7");
        }
        for (int i = 0; i < FailureCounts.MAX_ENTRIES + 20_000; i++) {
            counts.failed(null, "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }

        assertThat(counts.size()).isLessThanOrEqualTo(FailureCounts.MAX_ENTRIES);
        assertThat(counts.locked("kanak", "203.0.113.9")).as("an eviction never locks anyone").isFalse();
    }

    @Test
    void theSourceIsTheAddressWithoutItsPortOrTheIpv6Network() {
        assertThat(LoginThrottle.source("203.0.113.9")).isEqualTo("203.0.113.9");
        assertThat(LoginThrottle.source("/203.0.113.9:51234")).isEqualTo("203.0.113.9");
        assertThat(LoginThrottle.source("203.0.113.9:51234")).isEqualTo("203.0.113.9");
        assertThat(LoginThrottle.source("2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(LoginThrottle.source("/[2001:db8:1:2::9]:51234")).isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(LoginThrottle.source("0:0:0:0:0:0:0:1:51234")).isEqualTo("0:0:0:0:0:0:0:0/64");
        assertThat(LoginThrottle.source("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
        for (String notAnAddress : List.of("invm:0", "example.org", "evil\n2020-01-01 INFO forged", "cafe.bad")) {
            assertThat(LoginThrottle.source(notAnAddress)).as(notAnAddress).isEqualTo("unknown");
        }
        assertThat(LoginThrottle.source(null)).isEqualTo("local");
    }

    private List<String> messages() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
