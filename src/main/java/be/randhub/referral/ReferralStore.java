package be.randhub.referral;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.document.Document;

/** The referrals the hub knows, by (referrer, documentId), and the statuses each went through. */
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

    /** The referrals a partner made or is the target of, most recently changed first, at most {@code limit}. */
    public List<Referral> concerning(String partner, int limit) {
        return jdbc.query("SELECT * FROM referral WHERE referrer = ? OR target_partner = ? ORDER BY updated_at DESC, referrer, document_id"
                + " FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", ReferralStore::map, partner, partner);
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
        history(referral.sender(), referral.documentId(), ReferralStatus.REQUESTED, referral.sender(), referral.trackingId(),
                null, referral.receivedAt());
    }

    /**
     * Moves a referral from the status its update was checked against to the new one; runs in the intake's
     * database transaction. Fails when another update changed the referral in between.
     */
    public void transition(Document statusUpdate, ReferralStatus from, ReferralStatus to) {
        Document.ReferralKey key = statusUpdate.answers();
        int changed = jdbc.update("UPDATE referral SET status = ?, updated_at = ? WHERE referrer = ? AND document_id = ? AND status = ?",
                to.id(), Timestamp.from(statusUpdate.receivedAt()), key.referrer(), key.documentId(), from.id());
        if (changed != 1) {
            throw new ReferralChangedMeanwhile(key.toString());
        }
        history(key.referrer(), key.documentId(), to, statusUpdate.sender(), statusUpdate.trackingId(),
                statusUpdate.payload().path("reasonCode").asString(null), statusUpdate.receivedAt());
    }

    public List<StatusChange> history(String referrer, String documentId) {
        return jdbc.query("SELECT * FROM referral_status_change WHERE referrer = ? AND document_id = ? ORDER BY changed_at, tracking_id",
                (row, index) -> new StatusChange(ReferralStatus.fromId(row.getString("status")).orElseThrow(), row.getString("set_by"),
                        row.getString("tracking_id"), row.getString("reason_code"), row.getTimestamp("changed_at").toInstant()),
                referrer, documentId);
    }

    /** One step in a referral's life. */
    public record StatusChange(ReferralStatus status, String setBy, String trackingId, String reasonCode, Instant at) {
    }

    /** Another status update for the same referral was taken in between the check and the claim. */
    public static class ReferralChangedMeanwhile extends RuntimeException {
        private final String referral;

        public ReferralChangedMeanwhile(String referral) {
            super("referral " + referral + " changed while this status update was being taken in; send it again");
            this.referral = referral;
        }

        /** Which referral: {@code <referrer>/<documentId>}. */
        public String referral() {
            return referral;
        }
    }

    private void history(String referrer, String documentId, ReferralStatus status, String setBy, String trackingId,
                         String reasonCode, Instant at) {
        jdbc.update("INSERT INTO referral_status_change (referrer, document_id, status, set_by, tracking_id, reason_code, changed_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", referrer, documentId, status.id(), setBy, trackingId, reasonCode, Timestamp.from(at));
    }

    static Referral map(ResultSet row, int index) throws SQLException {
        return new Referral(row.getString("referrer"), row.getString("document_id"), row.getString("tracking_id"),
                row.getString("target_partner"), row.getString("municipality"), row.getString("activity_name"),
                row.getString("activity_category"), ReferralStatus.fromId(row.getString("status")).orElseThrow(),
                row.getTimestamp("requested_at").toInstant(), row.getTimestamp("updated_at").toInstant());
    }
}
