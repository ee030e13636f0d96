package be.randhub.operations;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;

/**
 * Finds documents from what a partner says on the phone: a tracking id, "our referral kanak-2026-114", or a
 * type and a period. Operators get metadata only; the privacy officer may open what the hub still holds of a
 * document's content.
 */
@Component
public class DocumentSearch {

    /** A document's metadata, as the console lists it. */
    public record Found(String trackingId, String partner, String documentId, String type, String municipality, String channel,
                        String state, Instant receivedAt) {
    }

    private final JdbcTemplate jdbc;
    private final DataDirectory data;

    public DocumentSearch(JdbcTemplate jdbc, DataDirectory data) {
        this.jdbc = jdbc;
        this.data = data;
    }

    public List<Found> find(String trackingId, String partner, String documentId, String type, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM document WHERE 1 = 1");
        List<Object> arguments = new ArrayList<>();
        if (has(trackingId)) {
            sql.append(" AND tracking_id = ?");
            arguments.add(trackingId.trim());
        }
        if (has(partner)) {
            sql.append(" AND partner = ?");
            arguments.add(partner.trim());
        }
        if (has(documentId)) {
            sql.append(" AND document_id = ?");
            arguments.add(documentId.trim());
        }
        if (has(type)) {
            sql.append(" AND doc_type = ?");
            arguments.add(type.trim());
        }
        if (from != null) {
            sql.append(" AND received_at >= ?");
            arguments.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" AND received_at < ?");
            arguments.add(Timestamp.from(to));
        }
        int rows = Math.max(1, Math.min(limit, 500));
        sql.append(" ORDER BY received_at DESC FETCH FIRST ").append(rows).append(" ROWS ONLY");
        List<Found> found = jdbc.query(sql.toString(), (row, index) -> new Found(row.getString("tracking_id"), row.getString("partner"),
                row.getString("document_id"), row.getString("doc_type"), row.getString("municipality"), row.getString("channel"),
                row.getString("state"), row.getTimestamp("received_at").toInstant()), arguments.toArray());
        if (found.isEmpty() && has(trackingId)) {
            // a refused document has no register entry, only a trail
            return jdbc.query("SELECT tracking_id, MIN(partner) AS partner, MIN(channel) AS channel, MIN(occurred_at) AS at"
                            + " FROM tracking_event WHERE tracking_id = ? GROUP BY tracking_id",
                    (row, index) -> new Found(row.getString("tracking_id"), row.getString("partner"), null, null, null,
                            row.getString("channel"), "rejected", row.getTimestamp("at").toInstant()), trackingId.trim());
        }
        return found;
    }

    /** The document as the hub still holds it: a receiver's copy not yet collected, a processed drop file, or refused input. */
    public Optional<Path> content(String trackingId) {
        if (!trackingId.matches("[0-9a-f-]{36}")) {
            return Optional.empty();
        }
        for (Path root : List.of(data.inside("outbox"), data.inside("processed"), data.inside("rejected"))) {
            Optional<Path> copy = DataDirectory.regularFiles(root).stream().filter(file -> {
                String name = file.getFileName().toString();
                return name.equals(trackingId + ".json") || name.endsWith("." + trackingId + ".json") || name.equals(trackingId + ".input");
            }).findFirst();
            if (copy.isPresent()) {
                return copy;
            }
        }
        return Optional.empty();
    }

    private static boolean has(String value) {
        return value != null && !value.isBlank();
    }
}
