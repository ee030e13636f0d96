package be.randhub.register;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The hash chain in the database ({@code log_entry}, see {@link LogEntry} for the canonical bytes and the hash).
 * Entries are appended in the transactions that already exist (the tracking writer's batch for deliveries) or in
 * a small one of their own (reads over HTTP): the appending transaction locks the single {@code log_head} row as
 * its last step, links its entries to the head, and moves the head; so the chain's order is the order in which
 * the transactions commit, across threads and hub instances, and its sequence numbers have no gaps. One lock per
 * batch, not per entry.
 */
@Component
public class LogChain {

    private static final String INSERT = "INSERT INTO log_entry (seq, recorded_at, kind, principal, channel, tracking_id, doc_type,"
            + " parts, subject, purpose, detail, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    static final RowMapper<LogEntry> ENTRY = (row, index) -> new LogEntry(row.getLong("seq"),
            instant(row, "recorded_at").toString(), row.getString("kind"), row.getString("principal"),
            row.getString("channel"), row.getString("tracking_id"), row.getString("doc_type"), row.getString("parts"),
            row.getString("subject"), row.getString("purpose"), row.getString("detail"), row.getString("entry_hash"));

    private static final Logger log = LoggerFactory.getLogger(LogChain.class);

    static final RowMapper<SignedHead> SIGNED_HEAD = (row, index) -> new SignedHead(row.getLong("seq"), row.getString("entry_hash"),
            instant(row, "signed_at").toString(), row.getString("signature"));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final LogKeys keys;

    public LogChain(JdbcTemplate jdbc, TransactionTemplate databaseTransaction, LogKeys keys,
                    @Value("${hub.log.accept-new-key:false}") boolean acceptNewKey) {
        this.jdbc = jdbc;
        this.transaction = databaseTransaction;
        this.keys = keys;
        refuseAnotherKey(acceptNewKey);
    }

    /**
     * The key must be the one that signed the heads already sent to the agency: a key lost and generated anew
     * would make every head the agency holds fail against the served public key, and nobody would notice. The
     * hub does not start then; the operator restores {@code <data>/secrets/log-signing-key} from a backup, or,
     * changing the key on purpose, starts once with {@code hub.log.accept-new-key=true}.
     */
    private void refuseAnotherKey(boolean acceptNewKey) {
        List<SignedHead> last = jdbc.query("SELECT * FROM signed_head ORDER BY signed_at DESC, seq DESC LIMIT 1", SIGNED_HEAD);
        if (!last.isEmpty() && !LogKeys.verify(last.get(0), keys.publicKey())) {
            if (acceptNewKey) {
                log.warn("The log's signing key did not sign the last signed head ({}); started with it as asked"
                        + " (hub.log.accept-new-key): give the agency the new public key, {}", last.get(0).signedAt(), LogKeys.PUBLIC_FILE);
                return;
            }
            throw new IllegalStateException("the log's signing key (data directory, secrets/" + LogKeys.PRIVATE_FILE
                    + ") did not sign the log's last signed head (" + last.get(0).signedAt() + "): restore the key that did"
                    + " from a backup; a new key would leave every head the agency holds unverifiable (to change the key on"
                    + " purpose, start once with hub.log.accept-new-key=true)");
        }
    }

    /** The chain's head: the last entry's sequence number and hash (0 and all zeros when empty). */
    public record Head(long seq, String hash) {
    }

    /**
     * Appends the entries in the database transaction in progress; call it as the transaction's last step (it
     * holds the head's lock until the commit).
     */
    public List<LogEntry> appendInTransaction(List<LogEntry.Draft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("the log is appended to in a database transaction");
        }
        Head head = jdbc.queryForObject("SELECT seq, entry_hash FROM log_head WHERE head_id = 1 FOR UPDATE",
                (row, index) -> new Head(row.getLong(1), row.getString(2)));
        List<LogEntry> entries = new ArrayList<>(drafts.size());
        long seq = head.seq();
        String previous = head.hash();
        for (LogEntry.Draft draft : drafts) {
            LogEntry entry = draft.link(++seq, previous);
            entries.add(entry);
            previous = entry.hash();
        }
        jdbc.batchUpdate(INSERT, entries, 500, (statement, entry) -> {
            statement.setLong(1, entry.seq());
            statement.setObject(2, utc(Instant.parse(entry.at())));
            statement.setString(3, entry.kind());
            statement.setString(4, entry.principal());
            statement.setString(5, entry.channel());
            statement.setString(6, entry.trackingId());
            statement.setString(7, entry.docType());
            statement.setString(8, entry.parts());
            statement.setString(9, entry.subject());
            statement.setString(10, entry.purpose());
            statement.setString(11, entry.detail());
            statement.setString(12, entry.hash());
        });
        jdbc.update("UPDATE log_head SET seq = ?, entry_hash = ? WHERE head_id = 1", seq, previous);
        return entries;
    }

    /** Appends the entries in a transaction of their own (reads, erasures, purges: not the documents' path). */
    public List<LogEntry> append(List<LogEntry.Draft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        return transaction.execute(status -> appendInTransaction(drafts));
    }

    /**
     * A moment as the database gets it: with its offset (UTC), never through {@code java.sql.Timestamp}, which
     * goes through the JVM's time zone and moves the hour repeated at the end of summer time by an hour, changing
     * an entry's hashed time.
     */
    public static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    /** A moment read back as stored (see {@link #utc}). */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    public Head head() {
        return jdbc.queryForObject("SELECT seq, entry_hash FROM log_head WHERE head_id = 1",
                (row, index) -> new Head(row.getLong(1), row.getString(2)));
    }

    /** Signs the current head and stores the signed head; runs in the caller's transaction if there is one. */
    public SignedHead signHead() {
        Head head = head();
        SignedHead signed = keys.sign(head.seq(), head.hash());
        jdbc.update("INSERT INTO signed_head (seq, entry_hash, signed_at, signature) VALUES (?, ?, ?, ?)",
                signed.seq(), signed.hash(), utc(Instant.parse(signed.signedAt())), signed.signature());
        return signed;
    }

    /**
     * Removes the entries and signed heads recorded before the cutoff (hub.retention.audit), keeping the last
     * removed entry's sequence number and hash as the base the rest joins on; returns how many entries went.
     */
    public int purgeOlderThan(Instant cutoff) {
        return transaction.execute(status -> {
            Long last = jdbc.queryForObject("SELECT MAX(seq) FROM log_entry WHERE recorded_at < ?", Long.class, utc(cutoff));
            if (last == null) {
                return 0;
            }
            String hash = jdbc.queryForObject("SELECT entry_hash FROM log_entry WHERE seq = ?", String.class, last);
            jdbc.update("UPDATE log_head SET seq = ?, entry_hash = ? WHERE head_id = 0", last, hash);
            jdbc.update("DELETE FROM signed_head WHERE seq <= ?", last);
            return jdbc.update("DELETE FROM log_entry WHERE seq <= ?", last);
        });
    }

    /** The entries about one person (by pseudonym), oldest first. */
    public List<LogEntry> about(String subject) {
        return jdbc.query("SELECT * FROM log_entry WHERE subject = ? ORDER BY seq", ENTRY, subject);
    }

    /** One line of an export (see {@link #export}). */
    public sealed interface Line permits StartLine, EntryLine, HeadLine {
    }

    /** The export's first line: where it joins the chain. */
    public record StartLine(String type, long seq, String previousHash) implements Line {
    }

    public record EntryLine(String type, LogEntry entry) implements Line {
    }

    public record HeadLine(String type, SignedHead head) implements Line {
    }

    /**
     * The entries recorded in [from, to), as one unbroken run of the chain (from the first entry recorded at or
     * after {@code from} to the last recorded before {@code to}, whatever lies between), each signed head among
     * them right after the entry it signs, and at the end the head of the run signed now.
     */
    public void export(Instant from, Instant to, Consumer<Line> out) {
        Long first = jdbc.queryForObject("SELECT MIN(seq) FROM log_entry WHERE recorded_at >= ?", Long.class, utc(from));
        Long last = jdbc.queryForObject("SELECT MAX(seq) FROM log_entry WHERE recorded_at < ?", Long.class, utc(to));
        if (first == null || last == null || last < first) {
            Head head = head();
            first = head.seq() + 1;
            last = head.seq();
        }
        String previous = jdbc.queryForList("SELECT entry_hash FROM log_entry WHERE seq = ? UNION ALL"
                + " SELECT entry_hash FROM log_head WHERE head_id = 0 AND seq = ?", String.class, first - 1, first - 1).get(0);
        out.accept(new StartLine("start", first - 1, previous));
        List<SignedHead> heads = jdbc.query("SELECT * FROM signed_head WHERE seq >= ? AND seq <= ? ORDER BY seq, signed_at",
                SIGNED_HEAD, first, last);
        int nextHead = 0;
        String lastHash = previous;
        for (long page = first; page <= last; page += 1000) {
            List<LogEntry> entries = jdbc.query("SELECT * FROM log_entry WHERE seq >= ? AND seq <= ? ORDER BY seq", ENTRY,
                    page, Math.min(last, page + 999));
            for (LogEntry entry : entries) {
                out.accept(new EntryLine("entry", entry));
                lastHash = entry.hash();
                while (nextHead < heads.size() && heads.get(nextHead).seq() == entry.seq()) {
                    out.accept(new HeadLine("signed-head", heads.get(nextHead++)));
                }
            }
        }
        out.accept(new HeadLine("signed-head", keys.sign(last, lastHash)));
    }
}
