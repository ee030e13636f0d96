package be.randhub.security;

import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The failed-login counts of {@link FailureCounts} in the database all hub instances share (table {@value #TABLE}),
 * so that wrong passwords spread over several instances lock out as they would on one; and the accounts that
 * logged in from a source ({@value #KNOWN_TABLE}), so a source locked by others' failures does not lock them out on
 * any instance.
 * <p>
 * What a flood can do to it: a row is made only by a failed login (which costs the caller a bcrypt check, so rows
 * come at most as fast as the instances check passwords) and only for a registry principal from a source or for the
 * source itself, never for a made-up name; rows expire with their count ({@code lockout}) and are purged. Above
 * {@value #MAX_ROWS} rows no new ones are made (the instance then counts new keys in its own memory, as one instance
 * alone does), and no row is ever pushed out by others: a flood cannot flush a lock-out. Known pairs are written only
 * after a right password. When the database cannot be reached, nothing here is used and each instance counts alone.
 */
final class SharedFailureCounts {

    static final String TABLE = "login_failure";
    static final String KNOWN_TABLE = "login_known";
    static final int MAX_ROWS = 100_000;
    /** The account column of a source's count under any names. */
    private static final String ANY_NAME = "";

    /** A row: failures in a row, locked until (0: not), expires at (epoch milliseconds, the instances' clocks). */
    record Row(int failures, long lockedUntil, long expiresAt) {
    }

    /** A failure counted: the row after it, and whether this failure locked the key. */
    record Counted(Row row, boolean locks) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LongSupplier clock;
    private volatile long rows;

    SharedFailureCounts(JdbcTemplate jdbc, TransactionTemplate transaction, LongSupplier clock) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** The key's row as it stands (expired ones are none); empty when there is none. */
    Optional<Row> read(String account, String source) {
        long now = clock.getAsLong();
        return jdbc.query("SELECT failures, locked_until, expires_at FROM " + TABLE + " WHERE account = ? AND source = ?",
                        (row, index) -> new Row(row.getInt(1), row.getLong(2), row.getLong(3)), column(account), source)
                .stream().filter(row -> row.expiresAt() > now).findFirst();
    }

    /**
     * Counts a failure of the key ({@code account} null: the source's under any names) in the database; empty when
     * it could not be counted there (too many rows).
     */
    Optional<Counted> failed(String account, String source, int max, long lockoutMillis) {
        try {
            return count(account, source, max, lockoutMillis);
        } catch (DuplicateKeyException anotherInstanceMadeItMeanwhile) {
            return count(account, source, max, lockoutMillis);
        }
    }

    private Optional<Counted> count(String account, String source, int max, long lockoutMillis) {
        return transaction.execute(status -> {
            long now = clock.getAsLong();
            List<Row> found = jdbc.query("SELECT failures, locked_until, expires_at FROM " + TABLE
                            + " WHERE account = ? AND source = ? FOR UPDATE",
                    (row, index) -> new Row(row.getInt(1), row.getLong(2), row.getLong(3)), column(account), source);
            Row old = found.isEmpty() || found.get(0).expiresAt() <= now ? null : found.get(0);
            if (old != null && old.lockedUntil() > now) {
                return Optional.of(new Counted(old, false)); // already locked: the lock neither grows nor is logged again
            }
            int failures = (old == null || old.lockedUntil() != 0 ? 0 : old.failures()) + 1;
            boolean locks = failures >= max;
            Row row = new Row(failures, locks ? now + lockoutMillis : 0, now + lockoutMillis);
            if (found.isEmpty()) {
                if (rows >= MAX_ROWS) {
                    return Optional.<Counted>empty();
                }
                jdbc.update("INSERT INTO " + TABLE + " (account, source, failures, locked_until, expires_at) VALUES (?, ?, ?, ?, ?)",
                        column(account), source, row.failures(), row.lockedUntil(), row.expiresAt());
                rows++;
            } else {
                jdbc.update("UPDATE " + TABLE + " SET failures = ?, locked_until = ?, expires_at = ? WHERE account = ? AND source = ?",
                        row.failures(), row.lockedUntil(), row.expiresAt(), column(account), source);
            }
            return Optional.of(new Counted(row, locks));
        });
    }

    /** A right password: the account's count from the source starts again. */
    void cleared(String account, String source) {
        jdbc.update("DELETE FROM " + TABLE + " WHERE account = ? AND source = ?", account, source);
    }

    /** The account logged in from the source (a right password): remembered for a day. */
    void known(String account, String source) {
        long now = clock.getAsLong();
        if (jdbc.update("UPDATE " + KNOWN_TABLE + " SET last_login = ? WHERE account = ? AND source = ?", now, account, source) == 0) {
            try {
                jdbc.update("INSERT INTO " + KNOWN_TABLE + " (account, source, last_login) VALUES (?, ?, ?)", account, source, now);
            } catch (DuplicateKeyException anotherInstanceMadeItMeanwhile) {
                // it is known: that is all this says
            }
        }
    }

    /** Whether the account logged in from the source within the day, on any instance. */
    boolean isKnown(String account, String source, long withinMillis) {
        return !jdbc.queryForList("SELECT last_login FROM " + KNOWN_TABLE + " WHERE account = ? AND source = ? AND last_login > ?",
                Long.class, account, source, clock.getAsLong() - withinMillis).isEmpty();
    }

    /** Removes expired counts and known pairs older than {@code knownMillis}; and counts what is left. */
    void purge(long knownMillis) {
        long now = clock.getAsLong();
        jdbc.update("DELETE FROM " + TABLE + " WHERE expires_at <= ?", now);
        jdbc.update("DELETE FROM " + KNOWN_TABLE + " WHERE last_login <= ?", now - knownMillis);
        Long left = jdbc.queryForObject("SELECT COUNT(*) FROM " + TABLE, Long.class);
        rows = left == null ? 0 : left;
    }

    private static String column(String account) {
        return account == null ? ANY_NAME : account;
    }
}
