package be.randhub.privacy;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.attachment.AttachmentStore;
import be.randhub.config.DataDirectory;
import be.randhub.referral.ReferralStore;
import be.randhub.register.AccessRegister;
import be.randhub.register.LogChain;
import be.randhub.register.LogEntry;

/**
 * The answer to a person's access request (GDPR Article 15), for the privacy officer: what the hub still holds
 * about the person (documents, statuses, attachments, and where each lies) and every disclosure and read of it
 * recorded in the access register (who, when, through which channel, why). The person is found by one of their
 * referrals or by name and birth year, through the register's pseudonym; the request is itself an entry of the
 * register.
 */
@Component
public class AccessRequests {

    /** The answer. {@code person} is the register's pseudonym; {@code disclosures} include this request. */
    public record Answer(String person, Instant answeredAt, String answeredBy, List<Held> documents, List<Disclosure> disclosures) {
    }

    /**
     * A document about the person: its metadata, its referral status and history (referrals), its PDF, and
     * where copies of it lie in the hub's stores ({@code held} empty: no copy of its content is left).
     */
    public record Held(String trackingId, String type, String partner, String documentId, Instant receivedAt, String state,
                       String receivers, Status referralStatus, String attachmentSha256, boolean attachmentHeld, List<String> held) {
    }

    public record Status(String status, Instant updatedAt, List<ReferralStore.StatusChange> history) {
    }

    /** One entry of the register about the person. */
    public record Disclosure(long seq, String at, String kind, String principal, String channel, String trackingId, String type,
                             String parts, String purpose, String detail) {
    }

    private final JdbcTemplate jdbc;
    private final PersonNames names;
    private final ReferralStore referrals;
    private final AttachmentStore attachments;
    private final DataDirectory data;
    private final AccessRegister register;
    private final LogChain chain;

    public AccessRequests(JdbcTemplate jdbc, PersonNames names, ReferralStore referrals, AttachmentStore attachments, DataDirectory data,
                          AccessRegister register, LogChain chain) {
        this.jdbc = jdbc;
        this.names = names;
        this.referrals = referrals;
        this.attachments = attachments;
        this.data = data;
        this.register = register;
        this.chain = chain;
    }

    /** The person one referral is about; empty when the hub knows no such referral. */
    public Optional<Answer> byReferral(String referrer, String documentId, String officer) {
        return referrals.find(referrer, documentId).map(referral -> register.subjectOf(referral.trackingId()))
                .map(subject -> answer(subject, officer));
    }

    /** The person by full name (given and family names, any order) and birth year. */
    public Answer byName(String name, int birthYear, String officer) {
        return answer(names.subject(name, birthYear), officer);
    }

    private Answer answer(String subject, String officer) {
        List<Held> documents = jdbc.query("SELECT * FROM document WHERE subject = ? ORDER BY received_at, tracking_id",
                (row, index) -> held(row.getString("tracking_id"), row.getString("doc_type"), row.getString("partner"),
                        row.getString("document_id"), row.getTimestamp("received_at").toInstant(), row.getString("state"),
                        row.getString("receivers"), row.getString("attachment_sha256")), subject);
        register.record(AccessRegister.ACCESS_REQUEST, officer, null, "documents,register", subject, AccessRegister.FOR_PRIVACY_REQUEST,
                documents.size() + " documents");
        List<Disclosure> disclosures = chain.about(subject).stream().map(AccessRequests::disclosure).toList();
        return new Answer(subject, Instant.now(), officer, documents, disclosures);
    }

    private Held held(String trackingId, String type, String partner, String documentId, Instant receivedAt, String state,
                      String receivers, String attachment) {
        Status status = "referral".equals(type) ? referrals.find(partner, documentId)
                .map(referral -> new Status(referral.status().id(), referral.updatedAt(), referrals.history(partner, documentId)))
                .orElse(null) : null;
        boolean attachmentHeld = attachment != null && Files.isRegularFile(attachments.path(attachment), LinkOption.NOFOLLOW_LINKS);
        List<String> held = new ArrayList<>();
        for (Path root : data.documentStores()) {
            for (Path file : DataDirectory.regularFiles(root)) {
                if (file.getFileName().toString().contains(trackingId)) {
                    held.add(data.root().relativize(file).toString());
                }
            }
        }
        if (attachmentHeld) {
            held.add(data.root().relativize(attachments.path(attachment)).toString());
        }
        return new Held(trackingId, type, partner, documentId, receivedAt, state, receivers, status, attachment, attachmentHeld, held);
    }

    private static Disclosure disclosure(LogEntry entry) {
        return new Disclosure(entry.seq(), entry.at(), entry.kind(), entry.principal(), entry.channel(), entry.trackingId(),
                entry.docType(), entry.parts(), entry.purpose(), entry.detail());
    }
}
