package be.randhub.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.jms.JMSException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.attachment.AttachmentStore;
import be.randhub.config.DataDirectory;
import be.randhub.document.Document;
import be.randhub.document.HubHeaders;
import be.randhub.referral.Referral;
import be.randhub.register.AccessRegister;
import be.randhub.referral.ReferralStore;
import be.randhub.tracking.TrackingIds;
import be.randhub.tracking.Trail;
import be.randhub.tracking.TrailEvent;

/**
 * Erases one referral's personal data from everything the hub holds: the copies of the referral and of its
 * status updates in every folder (delivery files, processed and refused drop files, refused input), on every
 * queue the hub can reach, and the name hashes used for scrubbing. What remains (the referral's status and
 * history, the tracking trail, feed counts) names nobody. The erasure itself is recorded: when, by whom, and how
 * much was removed, never what.
 */
@Component
public class Erasures {

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);

    /** The audit record of one erasure. */
    public record Erasure(String erasureId, String referrer, String documentId, String requestedBy, Instant erasedAt,
                         String removed) {
    }

    private final ReferralStore referrals;
    private final JdbcTemplate jdbc;
    private final DataDirectory data;
    private final QueueSweeper queues;
    private final PersonNames names;
    private final Trail trail;
    private final ErasedDocuments erased;
    private final AttachmentStore attachments;
    private final AccessRegister register;
    /** Refused input is at most a document's size; anything larger in those folders is not input. */
    private static final long MAX_SCANNED = 8L * 1024 * 1024;

    public Erasures(ReferralStore referrals, JdbcTemplate jdbc, DataDirectory data, QueueSweeper queues, PersonNames names,
                    Trail trail, ErasedDocuments erased, AttachmentStore attachments, AccessRegister register) {
        this.register = register;
        this.erased = erased;
        this.attachments = attachments;
        this.referrals = referrals;
        this.jdbc = jdbc;
        this.data = data;
        this.queues = queues;
        this.names = names;
        this.trail = trail;
    }

    /** Erases the referral's personal data; empty when the hub knows no such referral. */
    public Optional<Erasure> erase(String referrer, String documentId, String requestedBy) throws JMSException {
        Optional<Referral> found = referrals.find(referrer, documentId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Referral referral = found.get();
        Set<String> trackingIds = new LinkedHashSet<>();
        trackingIds.add(referral.trackingId());
        referrals.history(referrer, documentId).forEach(change -> trackingIds.add(change.trackingId()));

        erased.remember(trackingIds); // from now on a copy still on its way is dropped, not delivered
        int files = deleteCopies(trackingIds) + deleteRefusedInput(referrer, documentId) + attachments.removeOrphans();
        // the documents under their tracking ids, and what is about the referral under another (notices, dead letters)
        String selector = HubHeaders.TRACKING_ID + " IN (" + trackingIds.stream().map(Erasures::quoted).collect(Collectors.joining(","))
                + ") OR " + HubHeaders.REFERRAL + " = " + quoted(new Document.ReferralKey(referrer, documentId).toString());
        int messages = queues.remove(selector) + queues.removeDeadLetters(
                (body, sender) -> about(JsonTexts.of(body), referrer.equals(sender), referrer, documentId), (int) MAX_SCANNED);
        int nameEntries = names.forget(referrer, documentId);

        String removed = files + " files, " + messages + " queue messages, " + nameEntries + " name entries";
        Erasure erasure = new Erasure(TrackingIds.next(), referrer, documentId, requestedBy, Instant.now(), removed);
        jdbc.update("INSERT INTO erasure (erasure_id, referrer, document_id, requested_by, erased_at, removed) VALUES (?, ?, ?, ?, ?, ?)",
                erasure.erasureId(), referrer, documentId, requestedBy, Timestamp.from(erasure.erasedAt()), removed);
        // the register and the log stay: the erasure is an entry of its own, about the same pseudonym
        register.record(AccessRegister.ERASURE, requestedBy, referral.trackingId(), "personal-data",
                register.subjectOf(referral.trackingId()), AccessRegister.FOR_PRIVACY_REQUEST, removed);
        trail.record(List.of(TrailEvent.of(referral.trackingId(), TrailEvent.Kind.ERASED, referrer, null, null,
                "personal data erased on request of " + requestedBy + ": " + removed)));
        log.info("Erasure {} of referral {}/{} (tracking id {}) by {}: {}", erasure.erasureId(), referrer, documentId,
                referral.trackingId(), requestedBy, removed);
        return Optional.of(erasure);
    }

    /** A string literal in a JMS selector. */
    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    public List<Erasure> audit() {
        return jdbc.query("SELECT * FROM erasure ORDER BY erased_at DESC", (row, index) -> new Erasure(row.getString("erasure_id"),
                row.getString("referrer"), row.getString("document_id"), row.getString("requested_by"),
                row.getTimestamp("erased_at").toInstant(), row.getString("removed")));
    }

    /** Every file named after one of the documents: deliveries, processed drops, refused input. */
    private int deleteCopies(Set<String> trackingIds) {
        int deleted = 0;
        for (Path root : data.documentStores()) {
            for (Path file : DataDirectory.regularFiles(root)) {
                String name = file.getFileName().toString();
                if (trackingIds.stream().anyMatch(name::contains) && delete(file)) {
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /**
     * Refused input about the referral, kept aside under other tracking ids, whoever sent it: the referrer's own
     * attempts at the same documentId (a conflicting resend, a refused one) and any party's status updates that
     * name it (the target's refused answer). Matched on the JSON texts as decoded, so a documentId written with
     * escapes ({@code kanak\u002d2026}) is found too; each kept receipt goes with its input.
     */
    private int deleteRefusedInput(String referrer, String documentId) {
        int deleted = 0;
        List<Path> candidates = new ArrayList<>(DataDirectory.regularFiles(data.inside("rejected")));
        candidates.addAll(DataDirectory.regularFiles(data.inside("processed")));
        for (Path file : candidates) {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                continue; // a kept receipt removed with its input
            }
            try {
                byte[] content = DataDirectory.readRegularFile(file, MAX_SCANNED);
                if (content == null) {
                    continue;
                }
                boolean ownFolder = file.startsWith(data.rejected(referrer)) || file.startsWith(data.processed(referrer));
                if (about(JsonTexts.of(content), ownFolder, referrer, documentId) && delete(file)) {
                    deleted++;
                    deleted += deleteKeptReceipt(file);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return deleted;
    }

    /** Whether input (its JSON texts) is about the referral: names its documentId, and its referrer unless the referrer sent it. */
    private static boolean about(Set<String> texts, boolean fromReferrer, String referrer, String documentId) {
        return texts.contains(documentId) && (fromReferrer || texts.contains(referrer));
    }

    /** The receipt kept beside refused input ({@code <trackingId>.input} and {@code <trackingId>.receipt.json}). */
    private static int deleteKeptReceipt(Path input) {
        String name = input.getFileName().toString();
        if (!name.endsWith(".input")) {
            return 0;
        }
        Path receipt = input.resolveSibling(name.substring(0, name.length() - ".input".length()) + ".receipt.json");
        return delete(receipt) ? 1 : 0;
    }

    private static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
