package be.randhub.feed;

import java.sql.Timestamp;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.document.Document;
import be.randhub.document.DocumentType;
import be.randhub.referral.ReferralStore;

/**
 * Writes a new document's feed entry (counts and the referral funnel only, no personal data) in the transaction
 * that claims its documentId. The entry counts once its document is accepted: a feed takes the entries of the
 * documents accepted since the last feed ({@link FeedAggregationRepository#waiting()}), so an entry whose document
 * never reached the broker is never counted, and one accepted later (a resend after a stop) counts then.
 */
@Component("feedEntries")
public class FeedEntries {

    private static final String INSERT = "INSERT INTO feed_entry (tracking_id, partner, doc_type, municipality, received_at,"
            + " target_partner, activity_name, activity_category, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;
    private final ReferralStore referrals;

    public FeedEntries(JdbcTemplate jdbc, ReferralStore referrals) {
        this.jdbc = jdbc;
        this.referrals = referrals;
    }

    /** Called inside the claim's transaction, after the referral (or its new status) is stored. */
    public void record(Document document) {
        String target = null;
        String activity = null;
        String category = null;
        String status = null;
        if (document.type() == DocumentType.REFERRAL) {
            target = document.referralTarget();
            activity = document.payload().path("target").path("activity").path("name").asString();
            category = document.payload().path("target").path("activity").path("category").asString();
            status = "requested";
        } else if (document.type() == DocumentType.REFERRAL_STATUS) {
            var referral = referrals.find(document.answers().referrer(), document.answers().documentId()).orElseThrow();
            target = referral.target();
            activity = referral.activityName();
            category = referral.activityCategory();
            status = document.payload().path("status").asString();
        }
        jdbc.update(INSERT, document.trackingId(), document.sender(), document.type().id(), document.municipality(),
                Timestamp.from(document.receivedAt()), target, activity, category, status);
    }
}
