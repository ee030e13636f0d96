package be.randhub.attachment;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who may have a claim-checked PDF: the partner that sent it and the receivers of a document that carries it (the
 * learning network only when the sender marked it shareable). The rows are written when such a document is
 * accepted.
 */
@Component
public class AttachmentAccess {

    private final JdbcTemplate jdbc;

    public AttachmentAccess(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the principal may download the PDF with this hash. */
    public boolean entitled(String sha256, String principal) {
        return !jdbc.queryForList("SELECT 1 FROM attachment_access WHERE sha256 = ? AND principal = ?", Integer.class,
                sha256, principal).isEmpty();
    }

    /** Whether the partner itself sent these bytes with an accepted document (so it may name them by hash alone). */
    public boolean sentBy(String sha256, String partner) {
        return !jdbc.queryForList("SELECT 1 FROM attachment_access a JOIN document d ON d.tracking_id = a.tracking_id"
                + " WHERE a.sha256 = ? AND d.partner = ? AND a.principal = ? AND d.state = 'accepted'", Integer.class,
                sha256, partner, partner).isEmpty();
    }
}
