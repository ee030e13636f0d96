package be.randhub.security;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Failed logins, counted per (account, source) and per source, in a bounded cache whose entries expire on their
 * own (see {@link LoginThrottle} for what is counted when).
 * <ul>
 *   <li>An (account, source) pair is locked after {@code maxFailures} wrong passwords in a row from that source;
 *       a right one clears its count. Nobody elsewhere locks a partner out: the same account logs in from any other
 *       source.</li>
 *   <li>A source is locked after {@code maxSourceFailures} failed logins under any names (made-up ones
 *       included), within a quiet period of {@code lockout}; a right password does not clear it, so a partner
 *       cannot interleave its own logins with guesses. An account that logged in from that source within the last
 *       day is not locked out by it (others behind the same address cannot lock out a partner that works there).</li>
 *   <li>Made-up names are counted on their source only: they create no entry of their own. One source creates
 *       at most one entry per principal and one for itself.</li>
 * </ul>
 * The cache holds at most {@link #MAX_ENTRIES}: memory is bounded whatever arrives. What a flood from many sources
 * could evict is only other sources' counts; an evicted entry forgives, it never locks anyone out, and the
 * attacker who had one locked could as well have used the new sources it flooded from. Made-up names from one
 * source evict nothing. Each lock is logged once, with the account id (a registry principal) and the source
 * address, never the name a client sent.
 * <p>
 * With several hub instances, the counts are shared through the database ({@link SharedFailureCounts}): each
 * failure is counted there and its row read back, and a lock check reads the key's row unless the database showed
 * it without failures within the last second (this cache in front keeps a right login from costing a query each
 * time). Five wrong passwords spread over two instances lock the pair as on one; an instance that saw the pair clean
 * less than a second before the lock may take one more attempt, which is counted and then refused. When the
 * database cannot be reached, each instance counts alone, as here.
 */
final class FailureCounts {

    static final int MAX_ENTRIES = 100_000;
    /** How long an account that logged in from a source stays exempt from that source's lock. */
    private static final Duration KNOWN_FOR = Duration.ofDays(1);

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    /** Failures of one account from one source, or ({@code account} null) of one source under any names. */
    private record Key(String account, String source) {
    }

    /** Failures in a row, and until when logins are refused (0: not locked). The entry lives until {@code expiresAt}. */
    private record Count(int failures, long lockedUntil, long expiresAt) {
    }

    private final int maxFailures;
    private final int maxSourceFailures;
    private final long lockoutMillis;
    private final LongSupplier clock;
    private final Cache<Key, Count> counts;
    /** Accounts that logged in from a source lately (a day): a locked source does not lock them out. */
    private final Cache<Key, Boolean> known;
    /** The counts all instances share; null: this instance counts alone. */
    private final SharedFailureCounts shared;
    /** Keys the shared counts showed without failures within the last second. */
    private final Cache<Key, Boolean> clean;

    FailureCounts(int maxFailures, int maxSourceFailures, Duration lockout) {
        this(maxFailures, maxSourceFailures, lockout, System::currentTimeMillis, Ticker.systemTicker());
    }

    /** With a clock (milliseconds) and a matching ticker (nanoseconds), for tests. */
    FailureCounts(int maxFailures, int maxSourceFailures, Duration lockout, LongSupplier clock, Ticker ticker) {
        this(maxFailures, maxSourceFailures, lockout, clock, ticker, null);
    }

    /** Shared with other instances through {@code shared}, made on the same clock. */
    FailureCounts(int maxFailures, int maxSourceFailures, Duration lockout, LongSupplier clock, Ticker ticker,
                  SharedFailureCounts shared) {
        this.shared = shared;
        this.clean = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).ticker(ticker).expireAfterWrite(Duration.ofSeconds(1)).build();
        if (maxFailures < 1 || maxSourceFailures < 1) {
            throw new IllegalArgumentException("hub.security.login.max-failures and max-source-failures must be at least 1");
        }
        this.maxFailures = maxFailures;
        this.maxSourceFailures = maxSourceFailures;
        this.lockoutMillis = lockout.toMillis();
        this.clock = clock;
        this.counts = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).ticker(ticker)
                .expireAfter(Expiry.writing((Key key, Count count) ->
                        Duration.ofMillis(Math.max(1, count.expiresAt() - clock.getAsLong()))))
                .build();
        this.known = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).ticker(ticker).expireAfterWrite(KNOWN_FOR).build();
    }

    /**
     * Whether logins as the account from the source are refused because the source is locked: not for an account
     * that logged in from that source lately (a partner behind the same address as whoever is failing there, a
     * shared office or NAT, keeps its way in; only a right password ever makes a pair known).
     */
    boolean sourceLocked(String account, String source) {
        return locked(new Key(null, source)) && (account == null || !known(new Key(account, source)));
    }

    private boolean known(Key pair) {
        if (known.getIfPresent(pair) != null) {
            return true;
        }
        if (shared != null && Boolean.TRUE.equals(shared(() -> shared.isKnown(pair.account(), pair.source(), KNOWN_FOR.toMillis())))) {
            known.put(pair, Boolean.TRUE);
            return true;
        }
        return false;
    }

    boolean locked(String account, String source) {
        return locked(new Key(account, source));
    }

    /** A failed login from the source; {@code account} is the principal it named, or null for a made-up name. */
    void failed(String account, String source) {
        if (count(new Key(null, source), maxSourceFailures)) {
            log.warn("Logins from {} are refused for {} after {} failed logins under any user names", source, lockout(), maxSourceFailures);
        }
        if (account != null && count(new Key(account, source), maxFailures)) {
            log.warn("Logins as {} from {} are refused for {} after {} wrong passwords in a row", account, source, lockout(), maxFailures);
        }
    }

    /** A right password: the account's failures from this source start again from zero (the source's do not). */
    void succeeded(String account, String source) {
        Key pair = new Key(account, source);
        Count had = counts.getIfPresent(pair);
        counts.invalidate(pair);
        boolean wasKnown = known.getIfPresent(pair) != null;
        known.put(pair, Boolean.TRUE);
        if (shared != null) {
            if (had != null) { // failures seen here or, at the lock check just before, in the shared counts
                shared(() -> {
                    shared.cleared(account, source);
                    return null;
                });
            }
            if (!wasKnown) {
                shared(() -> {
                    shared.known(account, source);
                    return null;
                });
            }
        }
    }

    /** Removes the shared counts that expired (on every instance, now and then). */
    void purgeShared() {
        if (shared != null) {
            shared(() -> {
                shared.purge(KNOWN_FOR.toMillis());
                return null;
            });
        }
    }

    private String lockout() {
        return lockoutMillis % 60_000 == 0 ? lockoutMillis / 60_000 + " min" : lockoutMillis / 1000.0 + " s";
    }

    long size() {
        counts.cleanUp();
        return counts.estimatedSize();
    }

    private boolean locked(Key key) {
        Count count = counts.getIfPresent(key);
        long now = clock.getAsLong();
        if (count != null && count.lockedUntil() > now) {
            return true;
        }
        if (shared == null || (count == null && clean.getIfPresent(key) != null)) {
            return false;
        }
        Optional<SharedFailureCounts.Row> row = shared(() -> shared.read(key.account(), key.source()));
        if (row == null) {
            return false; // the database is away: what this instance counted decides
        }
        if (row.isEmpty()) {
            clean.put(key, Boolean.TRUE);
            return false;
        }
        counts.put(key, new Count(row.get().failures(), row.get().lockedUntil(), row.get().expiresAt()));
        return row.get().lockedUntil() > now;
    }

    /** What the shared counts answer; null when the database cannot be reached (then this instance counts alone). */
    private static <T> T shared(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (DataAccessException | TransactionException databaseAway) {
            return null;
        }
    }

    /** Counts one failure; returns whether this one locked the key (so the lock is logged once). */
    private boolean count(Key key, int max) {
        boolean[] locks = new boolean[1];
        if (shared != null) {
            Optional<SharedFailureCounts.Counted> counted = shared(() -> shared.failed(key.account(), key.source(), max, lockoutMillis));
            if (counted != null && counted.isPresent()) {
                SharedFailureCounts.Row row = counted.get().row();
                counts.put(key, new Count(row.failures(), row.lockedUntil(), row.expiresAt()));
                clean.invalidate(key);
                return counted.get().locks();
            }
        }
        counts.asMap().compute(key, (k, old) -> {
            long now = clock.getAsLong();
            if (old != null && old.lockedUntil() > now) {
                return old; // already locked: the lock neither grows nor is logged again
            }
            int failures = (old == null || old.lockedUntil() != 0 ? 0 : old.failures()) + 1;
            if (failures >= max) {
                locks[0] = true;
                return new Count(failures, now + lockoutMillis, now + lockoutMillis);
            }
            return new Count(failures, 0, now + lockoutMillis);
        });
        return locks[0];
    }
}
