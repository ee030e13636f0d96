package be.randhub.feed;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.RecoverableAggregationRepository;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.config.DatabaseFailures;


/**
 * The persistent aggregation repository of the agency feed in progress. Only close markers travel on
 * {@code hub.feed}; the entries are rows in {@code feed_entry}, written when each document is claimed
 * ({@link FeedEntries}) and counted once their document is accepted, so the aggregate Camel sees is a light
 * handle and the feed is computed from the rows when it closes (see {@link AgencyFeeds}).
 * <p>
 * A closed feed is remembered in {@code feed_completion} until Camel confirms it was sent; if sending fails (or
 * the hub stops meanwhile), Camel's recovery sends it again (the stored feed, never a recount), and after
 * {@value #MAXIMUM_REDELIVERIES} attempts parks it on {@code hub.dead-letter}.
 */
@Component("feedAggregationRepository")
public class FeedAggregationRepository extends ServiceSupport implements RecoverableAggregationRepository {

    static final int MAXIMUM_REDELIVERIES = 5;

    private static final Logger log = LoggerFactory.getLogger(FeedAggregationRepository.class);
    private long recoveryInterval = 10_000;

    private final JdbcTemplate jdbc;

    public FeedAggregationRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Nothing to store: a close marker joins the open feed, whose entries are already rows. */
    @Override
    public Exchange add(CamelContext camelContext, String key, Exchange exchange) {
        return null;
    }

    @Override
    public Exchange get(CamelContext camelContext, String key) {
        return new DefaultExchange(camelContext);
    }

    /** A feed closes: remember it until it is confirmed sent (the entries stay until AgencyFeeds.publish takes them). */
    @Override
    public void remove(CamelContext camelContext, String key, Exchange exchange) {
        jdbc.update("INSERT INTO feed_completion (exchange_id, close_id, closed_at, attempts, completed_at) VALUES (?, ?, ?, 0, ?)",
                exchange.getExchangeId(), exchange.getIn().getHeader(AgencyFeeds.CLOSE_ID, String.class),
                exchange.getIn().getHeader(AgencyFeeds.CLOSED_AT, String.class), Timestamp.from(Instant.now()));
    }

    @Override
    public void confirm(CamelContext camelContext, String exchangeId) {
        jdbc.update("DELETE FROM feed_completion WHERE exchange_id = ?", exchangeId);
    }

    /**
     * The closed feeds still to be sent (Camel asks every recovery interval). While the database cannot be reached
     * there are none to send yet: they are found at the first scan once it answers (readiness and the database
     * watch report the outage; no warning with a stack trace every interval).
     */
    @Override
    public Set<String> scan(CamelContext camelContext) {
        try {
            return new HashSet<>(jdbc.queryForList("SELECT exchange_id FROM feed_completion", String.class));
        } catch (DataAccessException e) {
            if (!DatabaseFailures.unreachable(e)) {
                throw e;
            }
            log.debug("Closed feeds not scanned: the database cannot be reached", e);
            return Set.of();
        }
    }

    @Override
    public Exchange recover(CamelContext camelContext, String exchangeId) {
        return jdbc.query("SELECT close_id, closed_at, attempts FROM feed_completion WHERE exchange_id = ?", (row, index) -> {
            int attempts = row.getInt("attempts") + 1;
            jdbc.update("UPDATE feed_completion SET attempts = ? WHERE exchange_id = ?", attempts, exchangeId);
            Exchange exchange = new DefaultExchange(camelContext);
            exchange.setExchangeId(exchangeId);
            exchange.getIn().setHeader(AgencyFeeds.CLOSE, "true");
            exchange.getIn().setHeader(AgencyFeeds.CLOSE_ID, row.getString("close_id"));
            exchange.getIn().setHeader(AgencyFeeds.CLOSED_AT, row.getString("closed_at"));
            exchange.getIn().setHeader(Exchange.REDELIVERY_COUNTER, attempts);
            exchange.getIn().setBody("close");
            return exchange;
        }, exchangeId).stream().findFirst().orElse(null);
    }

    @Override
    public void setRecoveryInterval(long interval, TimeUnit timeUnit) {
        this.recoveryInterval = timeUnit.toMillis(interval);
    }

    @Override
    public void setRecoveryInterval(long interval) {
        this.recoveryInterval = interval;
    }

    @Override
    public long getRecoveryInterval() {
        return recoveryInterval;
    }

    @Override
    public void setUseRecovery(boolean useRecovery) {
        // always on: a closed feed must reach the agency
    }

    @Override
    public boolean isUseRecovery() {
        return true;
    }

    @Override
    public void setDeadLetterUri(String deadLetterUri) {
        // fixed: hub.dead-letter
    }

    @Override
    public String getDeadLetterUri() {
        return "jms:queue:hub.dead-letter";
    }

    @Override
    public void setMaximumRedeliveries(int maximumRedeliveries) {
        // fixed
    }

    @Override
    public int getMaximumRedeliveries() {
        return MAXIMUM_REDELIVERIES;
    }

    @Override
    public Set<String> getKeys() {
        return Set.of(AgencyFeeds.OPEN_FEED);
    }

    /** Entries not yet in a feed whose document is accepted (an entry of a document still pending waits). */
    List<FeedEntry> waiting() {
        return jdbc.query("SELECT feed_entry.* FROM feed_entry JOIN document ON document.tracking_id = feed_entry.tracking_id"
                        + " WHERE feed_entry.feed_id IS NULL AND document.state = 'accepted' ORDER BY feed_entry.received_at",
                (row, index) -> new FeedEntry(row.getString("tracking_id"), row.getString("partner"), row.getString("doc_type"),
                        row.getString("municipality"), row.getTimestamp("received_at").toInstant(), row.getString("target_partner"),
                        row.getString("activity_name"), row.getString("activity_category"), row.getString("status")));
    }
}
