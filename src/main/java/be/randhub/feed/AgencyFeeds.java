package be.randhub.feed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import be.randhub.config.DataDirectory;
import be.randhub.register.LogChain;
import be.randhub.register.SignedHead;
import be.randhub.registry.Municipality;
import be.randhub.registry.PartnerRegistry;
import be.randhub.tracking.TrackingIds;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Builds the consolidated agency feed when a close marker completes the open one: every document accepted since
 * the previous feed, counted per municipality × partner × type, the referral funnel per target activity, and the
 * tracking ids covered; plus the learning network's anonymous summary of the same period. Each feed is stored
 * (for {@code GET /api/v1/feeds/agency}) together with the entries it took, in one database transaction, so a
 * document is in exactly one feed. A close marker that comes again (after a crash) sends the same feed again.
 */
@Component("agencyFeeds")
public class AgencyFeeds {

    public static final String OPEN_FEED = "open-feed";
    /** Header of a close marker. */
    public static final String CLOSE = "hubFeedClose";
    public static final String CLOSE_ID = "hubFeedCloseId";
    public static final String CLOSED_AT = "hubFeedClosedAt";
    /** Header set when there is a feed to send. */
    public static final String FEED_ID = "hubFeedId";
    private static final String SUMMARY = "hubFeedSummary";

    static final List<String> FUNNEL = List.of("requested", "accepted", "in-progress", "on-hold", "completed", "rejected",
            "canceled", "failed");

    private static final Logger log = LoggerFactory.getLogger(AgencyFeeds.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final FeedAggregationRepository repository;
    private final PartnerRegistry registry;
    private final FeedProperties properties;
    private final DataDirectory data;
    private final JsonMapper json;
    private final CsvMapper csv = new CsvMapper();
    private final LogChain chain;

    public AgencyFeeds(JdbcTemplate jdbc, TransactionTemplate databaseTransaction, FeedAggregationRepository repository,
                       PartnerRegistry registry, FeedProperties properties, DataDirectory data, JsonMapper json, LogChain chain) {
        this.chain = chain;
        this.jdbc = jdbc;
        this.transaction = databaseTransaction;
        this.repository = repository;
        this.registry = registry;
        this.properties = properties;
        this.data = data;
        this.json = json;
    }

    // ---------------------------------------------------------------- the feed as the agency reads it

    public record Period(Instant from, Instant to) {
    }

    @JsonPropertyOrder({"municipality", "municipalityName", "partner", "type", "count"})
    public record Count(String municipality, String municipalityName, String partner, String type, long count) {
    }

    @JsonPropertyOrder({"target", "activity", "category", "requested", "accepted", "in-progress", "on-hold", "completed",
            "rejected", "canceled", "failed"})
    public record FunnelRow(String target, String activity, String category, long requested, long accepted,
                            @JsonProperty("in-progress") long inProgress, @JsonProperty("on-hold") long onHold,
                            long completed, long rejected, long canceled, long failed) {
    }

    /**
     * The feed; {@code logHead} is the head of the hub's hash-chained log signed when the feed closed (see the
     * README, privacy: the agency keeps the heads, so a rewritten history cannot match them).
     */
    public record Feed(String feedId, Period period, int documents, List<Count> counts, List<FunnelRow> referralFunnel,
                       List<String> trackingIds, SignedHead logHead) {
    }

    /** One line of the learning network's summary: a count, or "&lt;5". */
    public record SummaryRow(String municipality, String municipalityName, String category, String outcome, String count) {
    }

    public record Summary(String feedId, Period period, String note, List<SummaryRow> referrals) {
    }

    // ---------------------------------------------------------------- the route's steps

    /** Makes the body a close marker for the open feed (from the schedule, or an operator). */
    public void closeMarker(Exchange exchange) {
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(CLOSE, "true");
        exchange.getIn().setHeader(CLOSE_ID, TrackingIds.next());
        exchange.getIn().setHeader(CLOSED_AT, Instant.now().toString());
        exchange.getIn().setBody("close");
    }

    /**
     * Builds (or, for a marker seen before, reloads) the feed the marker closes, and makes it the body. Without
     * documents since the last feed there is nothing to send: {@value #FEED_ID} stays unset.
     */
    public void publish(Exchange exchange) {
        String feedId = exchange.getIn().getHeader(CLOSE_ID, String.class);
        Instant closedAt = Instant.parse(exchange.getIn().getHeader(CLOSED_AT, String.class));
        Optional<String[]> stored = stored(feedId);
        if (stored.isEmpty()) {
            stored = transaction.execute(status -> build(feedId, closedAt));
        }
        if (stored.isEmpty()) {
            log.info("Agency feed closed at {}: no documents since the last feed, nothing to send", closedAt);
            return;
        }
        exchange.getIn().setHeader(FEED_ID, feedId);
        exchange.getIn().setBody(stored.get()[0]);
        exchange.setProperty(SUMMARY, stored.get()[1]);
    }

    /** Writes the feed's two tables as CSV beside its JSON: {@code <feedId>-counts.csv}, {@code <feedId>-funnel.csv}. */
    public void writeCsv(Exchange exchange) throws IOException {
        Feed feed = json.readValue(exchange.getIn().getBody(String.class), Feed.class);
        Path folder = DataDirectory.createDirectories(data.outbox(PartnerRegistry.AGENCY).resolve("feeds"));
        write(folder.resolve(feed.feedId() + "-counts.csv"), csv.writer(csv.schemaFor(Count.class).withHeader())
                .writeValueAsString(feed.counts()));
        write(folder.resolve(feed.feedId() + "-funnel.csv"), csv.writer(csv.schemaFor(FunnelRow.class).withHeader())
                .writeValueAsString(feed.referralFunnel()));
    }

    /** Makes the learning network's anonymous summary of the same period the body. */
    public void learningNetworkSummary(Exchange exchange) {
        exchange.getIn().setBody(exchange.getProperty(SUMMARY, String.class));
    }

    /** Feeds whose period overlaps [from, to), oldest first. */
    public List<Feed> feeds(Instant from, Instant to) {
        return jdbc.queryForList("SELECT content FROM agency_feed WHERE period_to > ? AND period_from < ? ORDER BY period_from",
                String.class, Timestamp.from(from), Timestamp.from(to)).stream().map(content -> json.readValue(content, Feed.class)).toList();
    }

    // ---------------------------------------------------------------- building

    private Optional<String[]> stored(String feedId) {
        return jdbc.query("SELECT content, summary FROM agency_feed WHERE feed_id = ?",
                (row, index) -> new String[] {row.getString(1), row.getString(2)}, feedId).stream().findFirst();
    }

    private Optional<String[]> build(String feedId, Instant closedAt) {
        List<FeedEntry> entries = repository.waiting();
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Timestamp lastFeed = jdbc.queryForObject("SELECT MAX(period_to) FROM agency_feed", Timestamp.class);
        Instant previous = lastFeed != null ? lastFeed.toInstant() : entries.get(0).receivedAt();
        Period period = new Period(previous, closedAt);
        Feed feed = new Feed(feedId, period, entries.size(), counts(entries), funnel(entries),
                entries.stream().map(FeedEntry::trackingId).toList(), chain.signHead());
        Summary summary = new Summary(feedId, period, "Referrals in the period by municipality, activity category and"
                + " outcome. Counts under " + properties.smallest() + " are shown as <" + properties.smallest() + ".", summary(entries));
        String content = json.writerWithDefaultPrettyPrinter().writeValueAsString(feed);
        String summaryContent = json.writerWithDefaultPrettyPrinter().writeValueAsString(summary);
        List<String> trackingIds = feed.trackingIds();
        for (int from = 0; from < trackingIds.size(); from += 500) {
            List<String> batch = trackingIds.subList(from, Math.min(trackingIds.size(), from + 500));
            List<Object> arguments = new ArrayList<>();
            arguments.add(feedId);
            arguments.addAll(batch);
            jdbc.update("UPDATE feed_entry SET feed_id = ? WHERE feed_id IS NULL AND tracking_id IN ("
                    + String.join(",", Collections.nCopies(batch.size(), "?")) + ")", arguments.toArray());
        }
        jdbc.update("INSERT INTO agency_feed (feed_id, period_from, period_to, documents, content, summary, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", feedId, Timestamp.from(period.from()), Timestamp.from(period.to()),
                entries.size(), content, summaryContent, Timestamp.from(Instant.now()));
        log.info("Agency feed {} closed: {} documents from {} to {}", feedId, entries.size(), period.from(), period.to());
        return Optional.of(new String[] {content, summaryContent});
    }

    /** Sorted by the values of the key, one after the other. */
    private static <V> TreeMap<List<String>, V> byKey() {
        return new TreeMap<>(Comparator.comparing(key -> String.join("\u0000", key)));
    }

    private List<Count> counts(List<FeedEntry> entries) {
        Map<List<String>, Long> counted = entries.stream().collect(Collectors.groupingBy(
                entry -> List.of(entry.municipality(), entry.partner(), entry.type()), AgencyFeeds::byKey, Collectors.counting()));
        return counted.entrySet().stream().map(cell -> new Count(cell.getKey().get(0), municipalityName(cell.getKey().get(0)),
                cell.getKey().get(1), cell.getKey().get(2), cell.getValue())).toList();
    }

    private static List<FunnelRow> funnel(List<FeedEntry> entries) {
        Map<List<String>, Map<String, Long>> byActivity = entries.stream().filter(entry -> entry.status() != null)
                .collect(Collectors.groupingBy(entry -> List.of(entry.target(), entry.activity(), entry.category()), AgencyFeeds::byKey,
                        Collectors.groupingBy(FeedEntry::status, Collectors.counting())));
        return byActivity.entrySet().stream().map(activity -> {
            Function<String, Long> count = status -> activity.getValue().getOrDefault(status, 0L);
            return new FunnelRow(activity.getKey().get(0), activity.getKey().get(1), activity.getKey().get(2),
                    count.apply("requested"), count.apply("accepted"), count.apply("in-progress"), count.apply("on-hold"),
                    count.apply("completed"), count.apply("rejected"), count.apply("canceled"), count.apply("failed"));
        }).toList();
    }

    private List<SummaryRow> summary(List<FeedEntry> entries) {
        Map<List<String>, Long> counted = entries.stream().filter(entry -> entry.status() != null)
                .collect(Collectors.groupingBy(entry -> List.of(entry.municipality(), entry.category(), entry.status()),
                        AgencyFeeds::byKey, Collectors.counting()));
        return counted.entrySet().stream().map(cell -> new SummaryRow(cell.getKey().get(0), municipalityName(cell.getKey().get(0)),
                cell.getKey().get(1), cell.getKey().get(2),
                cell.getValue() < properties.smallest() ? "<" + properties.smallest() : String.valueOf(cell.getValue()))).toList();
    }

    private String municipalityName(String nis) {
        return registry.municipality(nis).map(Municipality::name).orElse(nis);
    }

    private static void write(Path target, String content) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + ".writing");
        Files.writeString(temporary, content);
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
