package be.randhub.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;
import be.randhub.config.DatabaseFailures;

/**
 * The password of every principal, kept only as a bcrypt hash in the database (so several hub instances share
 * them). At start-up the hub makes sure each principal has one:
 * <ol>
 *   <li>an environment variable {@code HUB_PASSWORD_<ID>} (id upper-cased, '-' as '_') sets it and wins;</li>
 *   <li>otherwise a stored hash is kept;</li>
 *   <li>otherwise a random password is generated, its hash stored, and the clear value written once to
 *       {@code <data>/secrets/initial-credentials.properties} (owner-only). Only that file's path is logged.</li>
 * </ol>
 */
@Component
public class CredentialStore {

    private static final Logger log = LoggerFactory.getLogger(CredentialStore.class);

    private final JdbcTemplate jdbc;
    private final PasswordChecker checker;
    private final DataDirectory data;
    /** Each principal's hash as last read from the database: what logins are checked against while it is away. */
    private final Map<String, Optional<String>> lastRead = new ConcurrentHashMap<>();
    private final Set<String> principals;
    private static final Duration REREAD = Duration.ofSeconds(10);
    /** Each name's stored hash as read lately (see {@link #query}). */
    private final Cache<String, Optional<String>> recent = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(REREAD).build();
    /** A bcrypt hash of a random password nobody knows: what a name that is no principal is checked against. */
    private final String nobodysHash;

    public CredentialStore(JdbcTemplate jdbc, PasswordChecker checker, Principals principals, Environment environment,
                           DataDirectory data) {
        this.jdbc = jdbc;
        this.checker = checker;
        this.data = data;
        this.principals = Set.copyOf(principals.names());
        this.nobodysHash = checker.hash(randomPassword());
        bootstrap(principals.names(), environment);
    }

    public static String environmentVariable(String principal) {
        return "HUB_PASSWORD_" + principal.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * Whether the password is the principal's. Any name costs the same: one database query and one bcrypt check,
     * against a hash nobody knows the password of when the name is no principal (nothing is remembered about such
     * names).
     */
    public boolean verify(String name, String password) {
        Optional<String> hash;
        if (name != null && principals.contains(name)) {
            hash = hash(name);
        } else {
            try {
                hash = query(name);
            } catch (DataAccessException failure) {
                if (!DatabaseFailures.unreachable(failure)) {
                    throw failure; // as for a principal: only an outage falls back
                }
                hash = Optional.empty();
            }
        }
        boolean matches = checker.matches(password, hash.orElse(nobodysHash));
        return matches && hash.isPresent();
    }

    /**
     * The work {@link #verify} does for a wrong password (the same query, a bcrypt check that cannot succeed and is
     * never remembered), whatever the password: a login refused without looking at its password costs the same.
     */
    public void spendAsOnAWrongPassword(String name, String password) {
        try {
            query(name);
        } catch (DataAccessException failure) {
            // the time is spent all the same
        }
        checker.matches(password, nobodysHash);
    }

    /**
     * The principal's hash as the database holds it now. While the database cannot be reached, the hash last read
     * answers instead (every principal's is read at start-up), so partners still log in, over HTTP and to the
     * broker, and hand documents in that wait for the database; a password changed meanwhile by another hub
     * instance counts once the database is back. (The database watch reports the outage.)
     */
    public Optional<String> hash(String principal) {
        Optional<String> hash;
        try {
            hash = query(principal);
        } catch (DataAccessException failure) {
            Optional<String> known = lastRead.get(principal);
            if (known == null || !DatabaseFailures.unreachable(failure)) {
                throw failure;
            }
            return known;
        }
        lastRead.put(principal, hash);
        return hash;
    }

    /**
     * The stored hash, read at most every {@link #REREAD} per name: a login on every HTTP request would otherwise
     * cost a query each; a password changed meanwhile (by another hub instance's start) counts within that time.
     * Names that are no principal are remembered the same way (bounded: a flood of made-up names only evicts).
     */
    private Optional<String> query(String name) {
        return recent.get(name == null ? "" : name, key -> jdbc.queryForList("SELECT password_hash FROM credential WHERE principal = ?",
                String.class, key).stream().findFirst());
    }

    private void bootstrap(Set<String> principals, Environment environment) {
        Map<String, String> generated = new LinkedHashMap<>();
        for (String principal : principals) {
            String fromEnvironment = environment.getProperty(environmentVariable(principal));
            Optional<String> stored = hash(principal);
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                if (stored.isEmpty() || !checker.matches(fromEnvironment, stored.get())) {
                    store(principal, checker.hash(fromEnvironment), stored.isPresent());
                    hash(principal); // what logins are checked against should the database go away
                }
            } else if (stored.isEmpty()) {
                String password = randomPassword();
                if (insertIfAbsent(principal, checker.hash(password))) {
                    generated.put(principal, password);
                }
                hash(principal);
            }
        }
        if (!generated.isEmpty()) {
            Path file = writeOnce(generated);
            log.warn("Generated passwords for {} principal(s) {}; their clear values are in {} (readable by the hub's user only). "
                    + "Hand them out, then delete the file.", generated.size(), generated.keySet(), file);
        }
    }

    private void store(String principal, String hash, boolean exists) {
        if (exists || !insertIfAbsent(principal, hash)) {
            jdbc.update("UPDATE credential SET password_hash = ?, created_at = ? WHERE principal = ?", hash, now(), principal);
        }
        recent.invalidate(principal);
    }

    /** Inserts unless another hub instance got there first; returns whether this one did. */
    private boolean insertIfAbsent(String principal, String hash) {
        try {
            jdbc.update("INSERT INTO credential (principal, password_hash, created_at) VALUES (?, ?, ?)", principal, hash, now());
            recent.invalidate(principal);
            return true;
        } catch (DuplicateKeyException raceLost) {
            return false;
        }
    }

    private Path writeOnce(Map<String, String> generated) {
        Path folder = DataDirectory.createDirectories(data.secrets());
        Path file = folder.resolve("initial-credentials.properties");
        try {
            if (!Files.exists(file)) {
                Files.createFile(file, ownerOnly());
            }
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                out.write("# Rand Integration Hub: passwords generated " + Instant.now()
                        + ". The hub keeps only their bcrypt hashes; this file is the only copy.\n");
                for (Map.Entry<String, String> entry : generated.entrySet()) {
                    out.write(entry.getKey() + "=" + entry.getValue() + "\n");
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated credentials to " + file, e);
        }
    }

    private static java.nio.file.attribute.FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Timestamp now() {
        return Timestamp.from(Instant.now());
    }
}
