package be.randhub.feed;

import java.sql.Timestamp;
import java.util.List;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.AggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The persistent aggregation repository of the agency feed in progress: one row per entry in
 * {@code feed_entry}, keyed by tracking id, so an entry delivered twice (after a crash) is counted once, and a
 * restart loses nothing. The aggregate Camel sees is a light handle (no per-message reads); the feed is
 * computed from the rows when it closes (see {@link AgencyFeeds}).
 */
@Component("feedAggregationRepository")
public class FeedAggregationRepository extends ServiceSupport implements AggregationRepository {

    /** Header: the entry the aggregation strategy passes on to be stored. */
    public static final String NEW_ENTRY = "hubFeedNewEntry";

    private static final String INSERT = "INSERT INTO feed_entry (tracking_id, partner, doc_type, municipality, received_at,"
            + " target_partner, activity_name, activity_category, status)"
            + " SELECT ?, ?, ?, ?, CAST(? AS TIMESTAMP WITH TIME ZONE), ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM feed_entry WHERE tracking_id = ?)";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    public FeedAggregationRepository(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public Exchange add(CamelContext camelContext, String key, Exchange exchange) {
        String entryJson = exchange.getIn().getHeader(NEW_ENTRY, String.class);
        if (entryJson != null) {
            FeedEntry entry = json.readValue(entryJson, FeedEntry.class);
            jdbc.update(INSERT, entry.trackingId(), entry.partner(), entry.type(), entry.municipality(),
                    Timestamp.from(entry.receivedAt()), entry.target(), entry.activity(), entry.category(), entry.status(),
                    entry.trackingId());
            exchange.getIn().removeHeader(NEW_ENTRY);
        }
        return null;
    }

    @Override
    public Exchange get(CamelContext camelContext, String key) {
        return new DefaultExchange(camelContext);
    }

    @Override
    public void remove(CamelContext camelContext, String key, Exchange exchange) {
        // the entries stay until the feed that closes takes them (AgencyFeeds.publish)
    }

    @Override
    public void confirm(CamelContext camelContext, String exchangeId) {
        // nothing kept per completed exchange
    }

    @Override
    public Set<String> getKeys() {
        return Set.of(AgencyFeeds.OPEN_FEED);
    }

    /** Entries not yet in a feed. */
    List<FeedEntry> waiting() {
        return jdbc.query("SELECT * FROM feed_entry WHERE feed_id IS NULL ORDER BY received_at",
                (row, index) -> new FeedEntry(row.getString("tracking_id"), row.getString("partner"), row.getString("doc_type"),
                        row.getString("municipality"), row.getTimestamp("received_at").toInstant(), row.getString("target_partner"),
                        row.getString("activity_name"), row.getString("activity_category"), row.getString("status")));
    }
}
