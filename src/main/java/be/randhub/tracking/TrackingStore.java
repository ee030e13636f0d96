package be.randhub.tracking;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import be.randhub.register.AccessRegister;

/**
 * The append-only table of trail events. Writes come in batches from the tracking writer; an event already
 * stored (a batch replayed after a crash) is skipped by its event id.
 * <p>
 * A document's {@code routed} event travels in the very broker transaction that publishes its copies, so it is
 * stored exactly when the document is on the broker: storing it marks the document accepted in the same database
 * transaction (for its receivers, which the event names), should the publish's own mark be missing (the hub
 * stopped in between).
 */
@Component
public class TrackingStore {

    private static final String INSERT = "INSERT INTO tracking_event"
            + " (event_id, tracking_id, event, partner, receiver, channel, detail, occurred_at)"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, CAST(? AS TIMESTAMP WITH TIME ZONE)"
            + " WHERE NOT EXISTS (SELECT 1 FROM tracking_event WHERE event_id = ?)";

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TrackingStore.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final AccessRegister register;

    public TrackingStore(JdbcTemplate jdbc, TransactionTemplate databaseTransaction, AccessRegister register) {
        this.jdbc = jdbc;
        this.transaction = databaseTransaction;
        this.register = register;
    }

    /**
     * Stores the events in one transaction. Should the batch hold an event the table refuses, the events are
     * stored one by one and the refused ones are reported and skipped, so one bad event never holds up the trail.
     */
    public void append(List<TrailEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            insert(events);
        } catch (org.springframework.dao.DataIntegrityViolationException oneIsRefused) {
            for (TrailEvent event : events) {
                try {
                    insert(List.of(event));
                } catch (org.springframework.dao.DataIntegrityViolationException refused) {
                    log.error("Skipping a trail event the tracking store refuses ({} of {}): {}", event.event().id(),
                            event.trackingId(), refused.getMostSpecificCause().getClass().getSimpleName());
                }
            }
        }
    }

    private void insert(List<TrailEvent> events) {
        // in tracking id order, as the accepted marks are written: two writers marking the same documents lock
        // their rows in the same order, so one waits for the other instead of both waiting for the lock timeout
        List<TrailEvent> published = events.stream().filter(event -> event.event() == TrailEvent.Kind.ROUTED && event.receiver() != null)
                .sorted(Comparator.comparing(TrailEvent::trackingId)).toList();
        transaction.executeWithoutResult(status -> {
            List<TrailEvent> stored = insertEvents(events);
            if (!published.isEmpty()) {
                jdbc.batchUpdate(AcceptedMarks.MARK, published, 500, (statement, event) -> {
                    statement.setString(1, event.receiver());
                    statement.setString(2, event.trackingId());
                });
            }
            // the deliveries into the access register and the log's chain: the last step, as it locks the chain's head
            register.deliveredInTransaction(stored);
        });
    }

    /** Whether the document's publish is in the trail: its copies are on the broker (see the class comment). */
    public boolean published(String trackingId) {
        return !jdbc.queryForList("SELECT 1 FROM tracking_event WHERE tracking_id = ? AND event = ? FETCH FIRST 1 ROWS ONLY",
                Integer.class, trackingId, TrailEvent.Kind.ROUTED.id()).isEmpty();
    }

    /** Inserts the events; returns those stored now (not those of a replayed batch the table holds already). */
    private List<TrailEvent> insertEvents(List<TrailEvent> events) {
        int[][] counts = jdbc.batchUpdate(INSERT, events, 500, (statement, event) -> {
            statement.setString(1, event.eventId());
            statement.setString(2, event.trackingId());
            statement.setString(3, event.event().id());
            statement.setString(4, event.partner());
            statement.setString(5, event.receiver());
            statement.setString(6, event.channel());
            statement.setString(7, event.detail());
            statement.setTimestamp(8, Timestamp.from(event.at()));
            statement.setString(9, event.eventId());
        });
        List<TrailEvent> stored = new ArrayList<>(events.size());
        int index = 0;
        for (int[] batch : counts) {
            for (int count : batch) {
                if (count != 0) { // 1, or a driver's "succeeded, count unknown"
                    stored.add(events.get(index));
                }
                index++;
            }
        }
        return stored;
    }

    public List<TrailEvent> events(String trackingId) {
        return jdbc.query("SELECT * FROM tracking_event WHERE tracking_id = ? ORDER BY occurred_at, event_id",
                (row, index) -> new TrailEvent(row.getString("event_id"), row.getString("tracking_id"),
                        TrailEvent.Kind.fromId(row.getString("event")), row.getString("partner"), row.getString("receiver"),
                        row.getString("channel"), row.getString("detail"), row.getTimestamp("occurred_at").toInstant()),
                trackingId);
    }
}
