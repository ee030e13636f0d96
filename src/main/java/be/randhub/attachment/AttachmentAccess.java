package be.randhub.attachment;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who may have a claim-checked PDF: the partner that sent it and the receivers of an accepted document that carries
 * it (the learning network only when the sender marked it shareable). A document's PDF is part of its row in the
 * document register.
 */
@Component
public class AttachmentAccess {

    /** The receivers column lists them comma-separated: one is matched between commas. */
    private static final String ENTITLED_DOCUMENTS = " FROM document WHERE attachment_sha256 = ? AND state = 'accepted'"
            + " AND (partner = ? OR (',' || receivers || ',' LIKE ? AND (? <> 'learning-network' OR attachment_shareable)))";
    private static final String ENTITLED = "SELECT 1" + ENTITLED_DOCUMENTS;

    private final JdbcTemplate jdbc;

    public AttachmentAccess(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the principal may download the PDF with this hash. */
    public boolean entitled(String sha256, String principal) {
        return !jdbc.queryForList(ENTITLED + " FETCH FIRST 1 ROWS ONLY", Integer.class, sha256, principal,
                "%," + principal.replace("%", "").replace("_", "") + ",%", principal).isEmpty();
    }

    /** The documents that carry the PDF and through which the principal may have it (their tracking ids). */
    public List<String> documents(String sha256, String principal) {
        return jdbc.queryForList("SELECT tracking_id" + ENTITLED_DOCUMENTS, String.class, sha256, principal,
                "%," + principal.replace("%", "").replace("_", "") + ",%", principal);
    }

    /** Whether the partner itself sent these bytes with an accepted document (so it may name them by hash alone). */
    public boolean sentBy(String sha256, String partner) {
        return !jdbc.queryForList("SELECT 1 FROM document WHERE attachment_sha256 = ? AND partner = ? AND state = 'accepted'"
                + " FETCH FIRST 1 ROWS ONLY", Integer.class, sha256, partner).isEmpty();
    }
}
