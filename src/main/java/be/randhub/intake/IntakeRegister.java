package be.randhub.intake;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import be.randhub.document.Document;
import be.randhub.document.DocumentType;
import be.randhub.document.HubHeaders;
import be.randhub.document.Problem;
import be.randhub.document.Refusal;
import be.randhub.feed.FeedEntries;
import be.randhub.privacy.PersonNames;
import be.randhub.referral.ReferralStatus;
import be.randhub.referral.ReferralStore;
import be.randhub.tracking.AcceptedMarks;
import be.randhub.tracking.Trail;
import be.randhub.tracking.TrailEvent;

/**
 * Idempotent intake, keyed by (partner, documentId) in the database, so it survives restarts and holds across
 * hub instances. A new document is claimed as {@code pending} (with its referral record, if it is one) before it
 * is published, and marked {@code accepted} once the broker has committed it. Sent again:
 * <ul>
 *   <li>same content, accepted: a {@code duplicate} receipt with the original tracking id, not routed again;</li>
 *   <li>same content, still pending (the hub stopped between claim and commit): published again under the original
 *       tracking id; Artemis' duplicate detection drops it if the first attempt had in fact reached the broker;</li>
 *   <li>other content: refused as a {@code conflict}.</li>
 * </ul>
 */
@Component("intakeRegister")
public class IntakeRegister {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IntakeRegister.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ReferralStore referrals;
    private final Trail trail;
    private final PersonNames personNames;
    private final AcceptedMarks acceptedMarks;
    private final FeedEntries feedEntries;

    public IntakeRegister(JdbcTemplate jdbc, TransactionTemplate databaseTransaction, ReferralStore referrals, Trail trail,
                          PersonNames personNames, AcceptedMarks acceptedMarks, FeedEntries feedEntries) {
        this.personNames = personNames;
        this.feedEntries = feedEntries;
        this.acceptedMarks = acceptedMarks;
        this.jdbc = jdbc;
        this.transaction = databaseTransaction;
        this.referrals = referrals;
        this.trail = trail;
    }

    /** Exchange property: the tracking id this exchange publishes (claimed new or resumed), until its publish ended. */
    static final String PUBLISHING = "hubPublishing";
    private static final long PUBLISHING_WAIT_SECONDS = 30;

    /** Documents this hub is publishing right now: a resend finding one pending waits for the publish to end. */
    private final Map<String, CountDownLatch> publishing = new ConcurrentHashMap<>();

    /** Exchange property: the publish ends with a transaction still to commit (a JMS message's own): see {@link #committed}. */
    public static final String ENDS_AT_COMMIT = "hubPublishEndsAtCommit";

    /** Exchange property: the referral's status a status update was checked against. */
    public static final String REFERRAL_STATUS_BEFORE = "hubReferralStatusBefore";

    /** Whether this very document (same partner, documentId and content) was claimed before. */
    public boolean knows(Document document) {
        return find(document.sender(), document.documentId())
                .map(earlier -> earlier.contentSha256().equals(document.contentSha256())).orElse(false);
    }

    record Claimed(String trackingId, String contentSha256, String state, Instant receivedAt, String receivers) {
    }

    public void claim(Exchange exchange) {
        Document document = exchange.getProperty(HubHeaders.DOCUMENT, Document.class);
        Message in = exchange.getIn();
        ReferralStatus statusBefore = exchange.getProperty(REFERRAL_STATUS_BEFORE, ReferralStatus.class);
        // registered before the commit: a resend that finds the row sees that it is being published
        CountDownLatch mine = new CountDownLatch(1);
        publishing.put(document.trackingId(), mine);
        try {
            transaction.executeWithoutResult(status -> insert(document, statusBefore));
            in.setHeader(HubHeaders.CLAIM, "new");
            exchange.setProperty(PUBLISHING, document.trackingId());
            return;
        } catch (DuplicateKeyException sentBefore) {
            endPublishing(document.trackingId());
            // fall through: look at what was sent before
        } catch (ReferralStore.ReferralChangedMeanwhile changed) {
            endPublishing(document.trackingId());
            exchange.setProperty(HubHeaders.REFUSAL, Refusal.invalid("/payload/referral", "status.referral-changed", changed.referral()));
            in.setHeader(HubHeaders.OUTCOME, "rejected");
            trail.note(exchange, TrailEvent.of(document.trackingId(), TrailEvent.Kind.REJECTED, document.sender(), null,
                    document.channel().id(), "invalid: the referral changed meanwhile"));
            return;
        } catch (DataIntegrityViolationException doesNotFit) {
            // a value the checks let through but the database refuses (too long, out of range): the document's
            // doing, so a refusal, not "send again"; the database's message (which may quote the value) stays out
            endPublishing(document.trackingId());
            exchange.setProperty(HubHeaders.REFUSAL, Refusal.invalid("", "document.value-does-not-fit"));
            in.setHeader(HubHeaders.OUTCOME, "rejected");
            trail.note(exchange, TrailEvent.of(document.trackingId(), TrailEvent.Kind.REJECTED, document.sender(), null,
                    document.channel().id(), "invalid: a value does not fit the store"));
            return;
        } catch (RuntimeException failed) {
            endPublishing(document.trackingId());
            throw failed;
        }
        while (!claimSentBefore(exchange, document)) {
            // being published right now by another intake of this hub: its outcome decides, so wait for it
        }
    }

    /** Answers a document sent before; false when its first sending is still being published (after waiting for it). */
    private boolean claimSentBefore(Exchange exchange, Document document) {
        Message in = exchange.getIn();
        Claimed earlier = find(document.sender(), document.documentId())
                .orElseThrow(() -> new IllegalStateException("a document row vanished while it was being claimed"));
        String channel = document.channel().id();
        if (!earlier.contentSha256().equals(document.contentSha256())) {
            Refusal conflict = new Refusal(Refusal.Kind.CONFLICT, List.of(Problem.of("/documentId",
                    "document-id.used-before", document.documentId(), earlier.receivedAt(), earlier.trackingId())));
            exchange.setProperty(HubHeaders.REFUSAL, conflict);
            in.setHeader(HubHeaders.OUTCOME, "conflict");
            trail.note(exchange, TrailEvent.of(document.trackingId(), TrailEvent.Kind.CONFLICT, document.sender(), null,
                    channel, "documentId already used by " + earlier.trackingId()));
            return true;
        }
        exchange.setProperty(HubHeaders.DOCUMENT, document.withTrackingId(earlier.trackingId()));
        in.setHeader(HubHeaders.TRACKING_ID, earlier.trackingId());
        exchange.setProperty(HubHeaders.ORIGINAL_RECEIVED_AT, earlier.receivedAt());
        boolean stored = "accepted".equals(earlier.state());
        // accepted but its mark not written yet: the mark in memory says so
        Optional<String> unwrittenMark = stored ? Optional.empty() : acceptedMarks.receivers(earlier.trackingId());
        if (stored || unwrittenMark.isPresent()) {
            in.setHeader(HubHeaders.OUTCOME, "duplicate");
            in.setHeader(HubHeaders.RECEIVERS, unwrittenMark.orElse(earlier.receivers()));
            trail.note(exchange, TrailEvent.of(earlier.trackingId(), TrailEvent.Kind.DUPLICATE, document.sender(), null,
                    channel, "sent again; not routed again"));
            return true;
        }
        // pending: published by nobody right now (the hub stopped in between) -> resume it; or being published by
        // another intake of this hub at this moment -> wait for that (Artemis' duplicate detection does not stop two
        // transactions that send the same document at the same moment)
        CountDownLatch other = publishing.putIfAbsent(earlier.trackingId(), new CountDownLatch(1));
        if (other == null) {
            in.setHeader(HubHeaders.CLAIM, "resume");
            exchange.setProperty(PUBLISHING, earlier.trackingId());
            return true;
        }
        try {
            if (!other.await(PUBLISHING_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("document " + earlier.trackingId() + " is still being published after "
                        + PUBLISHING_WAIT_SECONDS + " s; send it again later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while document " + earlier.trackingId() + " was being published", e);
        }
        return false;
    }

    /**
     * The end of a publish this exchange started (successful or not): a resend waiting for it may go on. A document
     * published in its JMS message's own transaction ends only once that commits ({@link #committed}).
     */
    public void publishEnded(Exchange exchange) {
        if (exchange.getProperty(ENDS_AT_COMMIT, false, Boolean.class) && exchange.getException() == null) {
            return;
        }
        committed(exchange);
    }

    /** The transaction that published the exchange's document ended (committed, or failed): waiting resends may go on. */
    public void committed(Exchange exchange) {
        exchange.removeProperty(ENDS_AT_COMMIT);
        String trackingId = exchange.getProperty(PUBLISHING, String.class);
        if (trackingId != null) {
            exchange.removeProperty(PUBLISHING);
            endPublishing(trackingId);
        }
    }

    private void endPublishing(String trackingId) {
        CountDownLatch ended = publishing.remove(trackingId);
        if (ended != null) {
            ended.countDown();
        }
    }

    private void insert(Document document, ReferralStatus statusBefore) {
        jdbc.update("INSERT INTO document (tracking_id, partner, document_id, doc_type, municipality, channel,"
                        + " content_sha256, state, received_at, attachment_sha256, attachment_shareable, subject)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                document.trackingId(), document.sender(), document.documentId(), document.type().id(),
                document.municipality(), document.channel().id(), document.contentSha256(),
                Timestamp.from(document.receivedAt()),
                document.hasAttachment() ? document.attachment().path("sha256").asString() : null,
                document.hasAttachment() && document.attachment().path("shareable").asBoolean(false),
                // the access register's pseudonym of the person it is about (see PersonNames.subject)
                document.type() == DocumentType.REFERRAL ? personNames.subject(document) : null);
        if (document.type() == DocumentType.REFERRAL) {
            referrals.insert(document);
            personNames.remember(document);
        } else if (document.type() == DocumentType.REFERRAL_STATUS) {
            referrals.transition(document, statusBefore, ReferralStatus.fromId(
                    document.payload().path("status").asString()).orElseThrow());
            // a status update is about the person its referral is about
            jdbc.update("UPDATE document SET subject = (SELECT d.subject FROM referral r JOIN document d ON d.tracking_id = r.tracking_id"
                    + " WHERE r.referrer = ? AND r.document_id = ?) WHERE tracking_id = ?",
                    document.answers().referrer(), document.answers().documentId(), document.trackingId());
        }
        // its line in the agency feed, counted once the document is accepted
        feedEntries.record(document);
    }

    private Optional<Claimed> find(String partner, String documentId) {
        return jdbc.query("SELECT tracking_id, content_sha256, state, received_at, receivers FROM document WHERE partner = ? AND document_id = ?",
                (row, index) -> new Claimed(row.getString(1), row.getString(2), row.getString(3), row.getTimestamp(4).toInstant(),
                        row.getString(5)),
                partner, documentId).stream().findFirst();
    }

}
