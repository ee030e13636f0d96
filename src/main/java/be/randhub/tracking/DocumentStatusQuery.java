package be.randhub.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads a document's state from the document register and its trail: the answer to
 * {@code GET /api/v1/documents/{trackingId}}.
 */
@Component
public class DocumentStatusQuery {

    private final JdbcTemplate jdbc;
    private final TrackingStore trail;
    private final AcceptedMarks acceptedMarks;

    public DocumentStatusQuery(JdbcTemplate jdbc, TrackingStore trail, AcceptedMarks acceptedMarks) {
        this.jdbc = jdbc;
        this.trail = trail;
        this.acceptedMarks = acceptedMarks;
    }

    private record Row(String partner, String documentId, String type, String channel, String state, String receivers,
                       Instant receivedAt) {
        static Row map(ResultSet row, int index) throws SQLException {
            return new Row(row.getString("partner"), row.getString("document_id"), row.getString("doc_type"),
                    row.getString("channel"), row.getString("state"), row.getString("receivers"),
                    row.getTimestamp("received_at").toInstant());
        }
    }

    /** The partner that sent a document, if the hub knows the tracking id. */
    public Optional<String> sender(String trackingId) {
        return find(trackingId).map(Row::partner)
                .or(() -> trail.events(trackingId).stream().map(TrailEvent::partner).filter(java.util.Objects::nonNull).findFirst());
    }

    public Optional<DocumentStatus> status(String trackingId) {
        List<TrailEvent> events = trail.events(trackingId);
        Optional<Row> row = find(trackingId);
        if (row.isEmpty() && events.isEmpty()) {
            return Optional.empty();
        }
        List<DocumentStatus.Step> steps = events.stream()
                .map(event -> new DocumentStatus.Step(event.event().id(), event.at(), event.channel(), event.receiver(), event.detail()))
                .toList();
        if (row.isEmpty()) {
            TrailEvent first = events.get(0);
            boolean rejected = events.stream().anyMatch(event -> event.event() == TrailEvent.Kind.REJECTED
                    || event.event() == TrailEvent.Kind.CONFLICT);
            return Optional.of(new DocumentStatus(trackingId, first.partner(), null, null, first.channel(), first.at(),
                    rejected ? "rejected" : "received", List.of(), steps));
        }
        Row document = row.get();
        List<DocumentStatus.Delivery> deliveries = new ArrayList<>();
        if (document.receivers() != null && !document.receivers().isBlank()) {
            for (String receiver : Arrays.asList(document.receivers().split(","))) {
                deliveries.add(delivery(receiver, events));
            }
        }
        return Optional.of(new DocumentStatus(trackingId, document.partner(), document.documentId(), document.type(),
                document.channel(), document.receivedAt(), state(document, deliveries), deliveries, steps));
    }

    private static DocumentStatus.Delivery delivery(String receiver, List<TrailEvent> events) {
        String state = "pending";
        Instant at = null;
        for (TrailEvent event : events) {
            if (!receiver.equals(event.receiver())) {
                continue;
            }
            switch (event.event()) {
                case DELIVERED -> { state = "delivered"; at = event.at(); }
                case DEAD_LETTERED -> { state = "dead-lettered"; at = event.at(); }
                case REPLAYED -> { state = "pending"; at = event.at(); }
                case DISCARDED -> { state = "discarded"; at = event.at(); }
                default -> { }
            }
        }
        return new DocumentStatus.Delivery(receiver, state, at);
    }

    private static String state(Row document, List<DocumentStatus.Delivery> deliveries) {
        if (!"accepted".equals(document.state())) {
            return "accepting";
        }
        if (deliveries.stream().anyMatch(delivery -> delivery.state().equals("dead-lettered"))) {
            return "dead-lettered";
        }
        if (!deliveries.isEmpty() && deliveries.stream().allMatch(delivery -> delivery.state().equals("delivered"))) {
            return "delivered";
        }
        return "in-transit";
    }

    /** The register's row, with a mark that is not written yet already applied. */
    private Optional<Row> find(String trackingId) {
        return jdbc.query("SELECT * FROM document WHERE tracking_id = ?", Row::map, trackingId).stream().findFirst()
                .map(row -> "accepted".equals(row.state()) ? row : acceptedMarks.receivers(trackingId)
                        .map(receivers -> new Row(row.partner(), row.documentId(), row.type(), row.channel(), "accepted",
                                receivers, row.receivedAt()))
                        .orElse(row));
    }
}
