package be.randhub.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;

/**
 * That a hub instance is running, as the other instances can tell: while it runs it holds the lock
 * {@code instance-<name>} in the shared database (ShedLock), extended every third of {@link #LEASE}. An instance
 * that stops lets it go; one that dies leaves it to run out within the lease. Work another instance left unfinished
 * (files it had taken out of a drop folder) is taken up by whoever takes that instance's lock ({@link #whenAbsent}),
 * so by one instance, once, and never while the other still runs.
 */
@Component
public class InstancePresence implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InstancePresence.class);
    /** How long a running instance's lock lasts without being extended. */
    public static final Duration LEASE = Duration.ofSeconds(30);
    private static final String PREFIX = "instance-";

    private final LockProvider locks;
    private final JdbcTemplate jdbc;
    private final String name;
    private final Duration lease;
    private final ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "instance-presence");
        thread.setDaemon(true);
        return thread;
    });
    private SimpleLock held;

    @Autowired
    public InstancePresence(LockProvider lockProvider, JdbcTemplate jdbc, HubInstance instance) {
        this(lockProvider, jdbc, instance.name(), LEASE);
    }

    /** With a lease of its own (tests). */
    public InstancePresence(LockProvider lockProvider, JdbcTemplate jdbc, String name, Duration lease) {
        this.locks = lockProvider;
        this.jdbc = jdbc;
        this.name = name;
        this.lease = lease;
    }

    public String name() {
        return name;
    }

    /**
     * Takes this instance's lock, before it takes up what its previous run left unfinished. A lock its previous run
     * left (it was killed) is let go first; one another instance holds while taking up this one's leftovers is
     * waited for, at most two leases.
     */
    public synchronized void declare() {
        if (held != null) {
            return;
        }
        // what this instance's previous run left, locked under its own name (names are unique per instance)
        jdbc.update("UPDATE " + ClusterConfiguration.LOCK_TABLE + " SET lock_until = locked_at WHERE name = ? AND locked_by = ?",
                PREFIX + name, name);
        Instant giveUp = Instant.now().plus(lease.multipliedBy(2));
        while (true) {
            Optional<SimpleLock> lock = locks.lock(new LockConfiguration(Instant.now(), PREFIX + name, lease, Duration.ZERO));
            if (lock.isPresent()) {
                held = lock.get();
                long every = Math.max(1, lease.toMillis() / 3);
                keeper.scheduleWithFixedDelay(this::extend, every, every, TimeUnit.MILLISECONDS);
                return;
            }
            if (Instant.now().isAfter(giveUp)) {
                throw new IllegalStateException("the lock of hub instance " + name + " stays taken: another instance is taking up what"
                        + " it left, for longer than two leases");
            }
            sleep(Math.min(1000, lease.toMillis() / 4));
        }
    }

    private synchronized void extend() {
        if (held == null) {
            return;
        }
        try {
            Optional<SimpleLock> extended = held.extend(lease, Duration.ZERO);
            if (extended.isPresent()) {
                held = extended.get();
            } else {
                log.warn("This hub instance's presence lock ran out (the database was away longer than {} s); taking it again",
                        lease.toSeconds());
                held = locks.lock(new LockConfiguration(Instant.now(), PREFIX + name, lease, Duration.ZERO)).orElse(held);
            }
        } catch (RuntimeException databaseAway) {
            // tried again at the next third of the lease
        }
    }

    /**
     * Runs {@code work} if the named instance is not running (its lock is free), holding its lock meanwhile so the
     * instance cannot start into it and no other instance does the same; returns whether it ran.
     */
    public boolean whenAbsent(String instance, Runnable work) {
        if (instance.equals(name)) {
            return false;
        }
        Optional<SimpleLock> lock = locks.lock(new LockConfiguration(Instant.now(), PREFIX + instance, lease, Duration.ZERO));
        if (lock.isEmpty()) {
            return false;
        }
        try {
            work.run();
            return true;
        } finally {
            lock.get().unlock();
        }
    }

    /** Lets the lock go at once (the instance stops): another instance may take up what it left. */
    @Override
    public synchronized void destroy() {
        keeper.shutdownNow();
        if (held != null) {
            try {
                held.unlock();
            } catch (RuntimeException databaseAway) {
                // it runs out within the lease
            }
            held = null;
        }
    }

    /** Stops extending the lock without letting it go: as if the instance died (tests). */
    public synchronized void destroyWithoutLettingGo() {
        keeper.shutdownNow();
        held = null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for this instance's presence lock", e);
        }
    }
}
