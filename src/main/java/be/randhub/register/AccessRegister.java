package be.randhub.register;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.camel.Exchange;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import be.randhub.document.HubHeaders;
import be.randhub.routing.Outbox;
import be.randhub.tracking.TrailEvent;

/**
 * The access register: every disclosure and read of personal data, appended to the hub's hash-chained log
 * ({@link LogChain}). Who (principal), when, through which channel, what (tracking id, document type, parts),
 * about whom (the keyed pseudonym the intake gave the document, see {@code PersonNames.subject}) and why.
 * <p>
 * Deliveries are recorded in the tracking writer's batch transaction, with the {@code delivered} trail events
 * (every delivery, of any document: the chain is the delivery log too); reads over HTTP in a small transaction
 * of their own, for the documents that are about a person.
 */
@Component
public class AccessRegister {

    // kinds of entry
    public static final String DELIVERY = "delivery";
    public static final String READ = "read";
    public static final String ERASURE = "erasure";
    public static final String PURGE = "purge";
    public static final String ACCESS_REQUEST = "access-request";

    /** Exchange property: the tracking id of the document a file the hub writes of its own is about (a notice's referral). */
    public static final String ABOUT = "hubRegisterAbout";

    // why
    public static final String FOR_DELIVERY = "delivery";
    public static final String FOR_REFERRAL_FOLLOW_UP = "referral-follow-up";
    public static final String FOR_PRIVACY_REQUEST = "privacy-request";
    public static final String FOR_OPERATIONS = "operations";
    public static final String FOR_RETENTION = "retention";

    // through which channel
    public static final String HTTP = "http";
    public static final String SFTP = "sftp";
    public static final String FOLDER_AND_QUEUE = "folder+queue";
    public static final String HUB = "hub";

    /**
     * A read repeated within this time (the same reader, channel, document, parts and purpose) is recorded once:
     * the register says who read what about whom to the hour, and a reader cannot flood it by asking again.
     */
    public static final Duration REPEATED_READ = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final LogChain chain;

    public AccessRegister(JdbcTemplate jdbc, LogChain chain) {
        this.jdbc = jdbc;
        this.chain = chain;
    }

    /** What the register knows of a document: its type, the PDF it carries (or null), and whom it is about (null: nobody). */
    public record Described(String trackingId, String type, String attachmentSha256, String subject) {

        public boolean attachment() {
            return attachmentSha256 != null;
        }
    }

    /** One document read: which one, and which of its parts. */
    public record Read(String trackingId, String parts) {
    }

    /**
     * Records the deliveries among trail events just stored, in the tracking store's transaction (its last step:
     * the chain's head stays locked until that commits).
     */
    public void deliveredInTransaction(Collection<TrailEvent> stored) {
        List<TrailEvent> delivered = stored.stream().filter(event -> event.event() == TrailEvent.Kind.DELIVERED).toList();
        if (delivered.isEmpty()) {
            return;
        }
        Map<String, Described> documents = describe(delivered.stream().map(TrailEvent::trackingId).toList());
        List<LogEntry.Draft> drafts = new ArrayList<>(delivered.size());
        for (TrailEvent event : delivered) {
            Described document = documents.get(event.trackingId());
            drafts.add(new LogEntry.Draft(event.at(), DELIVERY, event.receiver(), FOLDER_AND_QUEUE, event.trackingId(),
                    document == null ? null : document.type(), document != null && document.attachment() ? "content,attachment" : "content",
                    document == null ? null : document.subject(), FOR_DELIVERY, null));
        }
        chain.appendInTransaction(drafts);
    }

    /**
     * Records the delivery of a file the hub writes of its own (an unanswered-referral notice, a feed, a summary)
     * to the exchange's receiver, named by its file in the receiver's outbox; once, however often its route is
     * retried. A file about a document (a notice names its referral: exchange property {@value #ABOUT}) carries
     * the document's tracking id and pseudonym; feeds and summaries name nobody. In a transaction of its own
     * (timed work, not the documents' path).
     */
    public void fileDelivered(Exchange exchange, String type) {
        String receiver = exchange.getIn().getHeader(HubHeaders.RECEIVER, String.class);
        String file = exchange.getIn().getHeader(Outbox.FILE_NAME, String.class);
        String about = exchange.getProperty(ABOUT, String.class);
        Integer logged = jdbc.queryForObject("SELECT COUNT(*) FROM log_entry WHERE principal = ? AND kind = ? AND detail = ?",
                Integer.class, receiver, DELIVERY, file);
        if (logged == null || logged == 0) {
            chain.append(List.of(new LogEntry.Draft(Instant.now(), DELIVERY, receiver, FOLDER_AND_QUEUE, about, type, "content",
                    about == null ? null : subjectOf(about), FOR_DELIVERY, file)));
        }
    }

    /**
     * Records reads of documents by a principal, those about a person; in a transaction of its own. Returns how
     * many entries were recorded.
     */
    public int read(String principal, String channel, String purpose, List<Read> reads) {
        return read(principal, channel, purpose, reads, false);
    }

    /**
     * Records reads of documents by a principal, whether or not the hub knows whom they are about (a PDF may
     * hold personal data the hub cannot see); in a transaction of its own.
     */
    public int readOfAny(String principal, String channel, String purpose, List<Read> reads) {
        return read(principal, channel, purpose, reads, true);
    }

    private int read(String principal, String channel, String purpose, List<Read> reads, boolean evenAboutNobody) {
        if (reads.isEmpty()) {
            return 0;
        }
        Map<String, Described> documents = describe(reads.stream().map(Read::trackingId).toList());
        Instant now = Instant.now();
        List<Read> registered = reads.stream().filter(read -> documents.containsKey(read.trackingId())
                && (evenAboutNobody || documents.get(read.trackingId()).subject() != null)).toList();
        if (registered.isEmpty()) {
            return 0;
        }
        Set<Read> recorded = readSince(principal, channel, purpose, registered, now.minus(REPEATED_READ));
        List<LogEntry.Draft> drafts = new ArrayList<>();
        for (Read read : registered) {
            Described document = documents.get(read.trackingId());
            if (recorded.add(read)) {
                drafts.add(new LogEntry.Draft(now, READ, principal, channel, read.trackingId(), document.type(), read.parts(),
                        document.subject(), purpose, null));
            }
        }
        return chain.append(drafts).size();
    }

    /** The reads among these that this principal made through this channel, for this purpose, since the moment. */
    private Set<Read> readSince(String principal, String channel, String purpose, List<Read> reads, Instant since) {
        Set<Read> found = new HashSet<>();
        byTrackingIds("SELECT tracking_id, parts FROM log_entry WHERE tracking_id = ANY (?) AND kind = ? AND principal = ?"
                        + " AND channel = ? AND purpose = ? AND recorded_at >= ?", reads.stream().map(Read::trackingId).toList(),
                row -> found.add(new Read(row.getString(1), row.getString(2))), READ, principal, channel, purpose, LogChain.utc(since));
        return found;
    }

    /** Records one event that is not a read of a document (erasure, purge, access request); in a transaction of its own. */
    public LogEntry record(String kind, String principal, String trackingId, String parts, String subject, String purpose, String detail) {
        String type = trackingId == null ? null : describe(List.of(trackingId)).values().stream().findFirst().map(Described::type).orElse(null);
        return chain.append(List.of(new LogEntry.Draft(Instant.now(), kind, principal, principal == null ? HUB : HTTP, trackingId, type,
                parts, subject, purpose, detail))).get(0);
    }

    /** The documents with these tracking ids, as the register sees them; one query. */
    public Map<String, Described> describe(Collection<String> trackingIds) {
        Map<String, Described> found = new HashMap<>();
        byTrackingIds("SELECT tracking_id, doc_type, attachment_sha256, subject FROM document WHERE tracking_id = ANY (?)", trackingIds,
                row -> found.put(row.getString(1), new Described(row.getString(1), row.getString(2), row.getString(3), row.getString(4))));
        return found;
    }

    /** Runs the query with the tracking ids (distinct) as its first parameter, an array, and the others after it. */
    private void byTrackingIds(String sql, Collection<String> trackingIds, RowCallbackHandler each, Object... others) {
        Object[] ids = new LinkedHashSet<>(trackingIds).toArray();
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            Array array = connection.createArrayOf("VARCHAR", ids);
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setArray(1, array);
                for (int i = 0; i < others.length; i++) {
                    query.setObject(i + 2, others[i]);
                }
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        each.processRow(row);
                    }
                }
                return null;
            } finally {
                array.free();
            }
        });
    }

    /** The pseudonym of the person a document is about; null when it is about nobody or unknown. */
    public String subjectOf(String trackingId) {
        return jdbc.queryForList("SELECT subject FROM document WHERE tracking_id = ?", String.class, trackingId).stream()
                .filter(Objects::nonNull).findFirst().orElse(null);
    }
}
