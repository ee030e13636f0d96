package be.randhub.referral;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.document.Document;

/** The referrals the hub knows, by (referrer, documentId). */
@Component
public class ReferralStore {

    private final JdbcTemplate jdbc;

    public ReferralStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Referral> find(String referrer, String documentId) {
        List<Referral> found = jdbc.query("SELECT * FROM referral WHERE referrer = ? AND document_id = ?",
                ReferralStore::map, referrer, documentId);
        return found.stream().findFirst();
    }

    /** Records a newly accepted referral; runs in the intake's database transaction. */
    public void insert(Document referral) {
        Timestamp at = Timestamp.from(referral.receivedAt());
        var activity = referral.payload().path("target").path("activity");
        jdbc.update("INSERT INTO referral (referrer, document_id, tracking_id, target_partner, municipality, activity_name,"
                        + " activity_category, status, requested_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                referral.sender(), referral.documentId(), referral.trackingId(), referral.referralTarget(),
                referral.municipality(), activity.path("name").asString(), activity.path("category").asString(),
                ReferralStatus.REQUESTED.id(), at, at);
    }

    /** Moves a referral to a new status, recorded as received in the given status update. */
    public void updateStatus(Document statusUpdate, ReferralStatus status) {
        Document.ReferralKey key = statusUpdate.answers();
        jdbc.update("UPDATE referral SET status = ?, updated_at = ? WHERE referrer = ? AND document_id = ?",
                status.id(), Timestamp.from(statusUpdate.receivedAt()), key.referrer(), key.documentId());
    }

    private static Referral map(ResultSet row, int index) throws SQLException {
        return new Referral(row.getString("referrer"), row.getString("document_id"), row.getString("tracking_id"),
                row.getString("target_partner"), row.getString("municipality"), row.getString("activity_name"),
                row.getString("activity_category"), ReferralStatus.fromId(row.getString("status")).orElseThrow(),
                row.getTimestamp("requested_at").toInstant(), row.getTimestamp("updated_at").toInstant());
    }
}
