package be.randhub.privacy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import be.randhub.document.HubHeaders;

/**
 * The documents whose personal data was erased, so that a copy still on its way is dropped instead of delivered:
 * sweeping the queues reaches every waiting message, but not one a consumer has already taken at that moment.
 * Kept in the database and in memory (a delivery asks without a query); re-read every minute for erasures made
 * by another hub instance.
 */
@Component("erasedDocuments")
public class ErasedDocuments {

    private final JdbcTemplate jdbc;
    private final Set<String> trackingIds = ConcurrentHashMap.newKeySet();

    public ErasedDocuments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        reload();
    }

    /** Records the documents as erased, before their copies are swept off the queues. */
    public void remember(Collection<String> erased) {
        Timestamp now = Timestamp.from(Instant.now());
        for (String trackingId : erased) {
            jdbc.update("INSERT INTO erased_document (tracking_id, erased_at) SELECT ?, ? WHERE NOT EXISTS"
                    + " (SELECT 1 FROM erased_document WHERE tracking_id = ?)", trackingId, now, trackingId);
            trackingIds.add(trackingId);
        }
    }

    /** Whether the exchange carries a copy of an erased document. */
    public boolean isErased(Exchange exchange) {
        return isErased(exchange.getIn().getHeader(HubHeaders.TRACKING_ID, String.class));
    }

    public boolean isErased(String trackingId) {
        return trackingId != null && trackingIds.contains(trackingId);
    }

    @Scheduled(initialDelay = 60_000, fixedDelay = 60_000)
    public void reload() {
        trackingIds.addAll(jdbc.queryForList("SELECT tracking_id FROM erased_document", String.class));
    }
}
