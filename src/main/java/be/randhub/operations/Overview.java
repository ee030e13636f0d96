package be.randhub.operations;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.broker.Queues;
import be.randhub.document.Channel;
import be.randhub.intake.PartnerIntakeRoutes;
import be.randhub.registry.Partner;
import be.randhub.registry.PartnerRegistry;
import be.randhub.tracking.TrailEvent;

/**
 * What the console opens on: the documents of the last 24 hours per hour, partner and channel by outcome (from the
 * trail), the dead letters waiting, every queue's depth and oldest message, and the routes grouped by partner and
 * channel with the unusual ones (stopped, suspended, failing) on top. Metadata and counts only: no document's
 * content, no documentId.
 * <p>
 * Outcomes, per document, from its trail: <em>accepted</em> is its {@code routed} event (it is on the broker for its
 * receivers: the receipt says accepted), <em>rejected</em> its {@code rejected} or {@code conflict} event (the
 * receipt refused it), <em>dead-lettered</em> a {@code dead-lettered} event (a stage gave up on it, for a receiver
 * or at intake). A document accepted and later dead-lettered for one receiver counts in both; a resend of an
 * accepted document (duplicate) in neither. Hours are whole hours (UTC-aligned), the current one included.
 */
@Component
public class Overview {

    static final int HOURS = 24;
    private static final String ACCEPTED = TrailEvent.Kind.ROUTED.id();
    private static final String REJECTED = TrailEvent.Kind.REJECTED.id();
    private static final String CONFLICT = TrailEvent.Kind.CONFLICT.id();
    private static final String DEAD_LETTERED = TrailEvent.Kind.DEAD_LETTERED.id();
    /** By occurred_at (index ix_tracking_event_time, V14): one day of the trail, whatever its size. */
    private static final String PER_HOUR = "SELECT CAST(FLOOR(EXTRACT(EPOCH FROM occurred_at) / 3600) AS BIGINT) AS hour_number,"
            + " event, partner, channel, COUNT(DISTINCT tracking_id) AS documents FROM tracking_event"
            + " WHERE occurred_at >= ? AND event IN (?, ?, ?, ?)"
            + " GROUP BY CAST(FLOOR(EXTRACT(EPOCH FROM occurred_at) / 3600) AS BIGINT), event, partner, channel";

    /**
     * The overview, as of {@code at}: the hours (their starts, oldest first), the partners and channels documents may
     * come from (to filter by), the documents, dead letters, queues and routes.
     */
    public record View(Instant at, List<Instant> hours, List<String> partners, List<String> channels, List<Documents> documents,
                       DeadLetters deadLetters,
                       List<QueueStatistics.QueueState> queues, List<RouteGroup> routeGroups) {
    }

    /** Documents of one partner over one channel in the hour that starts at {@code hour}, by outcome. */
    public record Documents(Instant hour, String partner, String channel, long accepted, long rejected, long deadLettered) {
    }

    /** The dead letters waiting on {@value Queues#DEAD_LETTER} (-1: the broker did not say yet). */
    public record DeadLetters(long waiting, double oldestAgeSeconds) {
    }

    /**
     * The routes of one partner and channel (its drop folder's, its inbox queue's), or the hub's own (partner and
     * channel null: shared by every partner and channel); {@code unusual} of them are stopped, suspended or failing.
     */
    public record RouteGroup(String partner, String channel, int unusual, List<RouteLine> routes) {
    }

    /**
     * A route and what is unusual about it, if anything: {@code stopped}, {@code suspended} (by an operator or held by
     * the hub, see {@code suspension}) or {@code failing} (failures in the last hour).
     */
    public record RouteLine(String id, String description, String state, String attention, RouteControl.Suspension suspension,
                            RouteStatistics.Figures lastHour) {
    }

    private final JdbcTemplate jdbc;
    private final QueueStatistics queues;
    private final RouteControl routes;
    private final PartnerRegistry registry;

    public Overview(JdbcTemplate jdbc, QueueStatistics queues, RouteControl routes, PartnerRegistry registry) {
        this.jdbc = jdbc;
        this.queues = queues;
        this.routes = routes;
        this.registry = registry;
    }

    public View now() {
        Instant at = Instant.now();
        Instant first = at.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(HOURS - 1));
        List<Instant> hours = new ArrayList<>(HOURS);
        for (int hour = 0; hour < HOURS; hour++) {
            hours.add(first.plus(Duration.ofHours(hour)));
        }
        queues.refresh();
        List<QueueStatistics.QueueState> queueStates = queues.all();
        QueueStatistics.QueueState deadLetters = queueStates.stream().filter(queue -> queue.name().equals(Queues.DEAD_LETTER))
                .findFirst().orElse(new QueueStatistics.QueueState(Queues.DEAD_LETTER, -1, 0, 0));
        return new View(at, hours, registry.senders().stream().map(Partner::id).sorted().toList(),
                Arrays.stream(Channel.values()).map(Channel::id).toList(), documents(first), new DeadLetters(deadLetters.depth(), deadLetters.oldestAgeSeconds()),
                waitingFirst(queueStates), routeGroups());
    }

    private List<Documents> documents(Instant from) {
        Map<List<Object>, long[]> counts = new LinkedHashMap<>();
        jdbc.query(PER_HOUR, row -> {
            Instant hour = Instant.ofEpochSecond(row.getLong("hour_number") * 3600);
            long[] outcome = counts.computeIfAbsent(Arrays.asList(hour, row.getString("partner"), row.getString("channel")),
                    key -> new long[3]);
            String event = row.getString("event");
            int index = event.equals(ACCEPTED) ? 0 : event.equals(DEAD_LETTERED) ? 2 : 1;
            outcome[index] += row.getLong("documents");
        }, Timestamp.from(from), ACCEPTED, REJECTED, CONFLICT, DEAD_LETTERED);
        return counts.entrySet().stream()
                .map(entry -> new Documents((Instant) entry.getKey().get(0), (String) entry.getKey().get(1), (String) entry.getKey().get(2),
                        entry.getValue()[0], entry.getValue()[1], entry.getValue()[2]))
                .sorted(Comparator.comparing(Documents::hour).thenComparing(Documents::partner, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(Documents::channel, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    /** Queues holding messages first, the oldest message first; then the others in the hub's order. */
    private static List<QueueStatistics.QueueState> waitingFirst(List<QueueStatistics.QueueState> all) {
        return all.stream().sorted(Comparator.comparing((QueueStatistics.QueueState queue) -> queue.depth() > 0 ? 0 : 1)
                .thenComparing(queue -> -queue.oldestAgeSeconds())).toList();
    }

    private List<RouteGroup> routeGroups() {
        Map<String, Partner> senders = new LinkedHashMap<>();
        Map<String, Channel> channels = new LinkedHashMap<>();
        for (Partner partner : registry.senders()) {
            for (Channel channel : PartnerIntakeRoutes.CHANNELS) {
                senders.put(PartnerIntakeRoutes.routeId(partner.id(), channel), partner);
                channels.put(PartnerIntakeRoutes.routeId(partner.id(), channel), channel);
            }
        }
        Map<List<String>, List<RouteLine>> groups = new LinkedHashMap<>();
        for (RouteControl.RouteView route : routes.routes()) {
            Partner partner = senders.get(route.id());
            List<String> key = partner == null ? Arrays.asList(null, null) : List.of(partner.id(), channels.get(route.id()).id());
            groups.computeIfAbsent(key, group -> new ArrayList<>()).add(new RouteLine(route.id(), route.description(), route.state(),
                    attention(route), route.suspension(), route.lastHour()));
        }
        return groups.entrySet().stream()
                .map(group -> new RouteGroup(group.getKey().get(0), group.getKey().get(1),
                        (int) group.getValue().stream().filter(line -> line.attention() != null).count(),
                        group.getValue().stream().sorted(Comparator.comparing((RouteLine line) -> rank(line.attention()))
                                .thenComparing(RouteLine::id)).toList()))
                .sorted(Comparator.comparing((RouteGroup group) -> group.routes().isEmpty() ? 3 : rank(group.routes().get(0).attention()))
                        .thenComparing(group -> group.partner() == null ? "" : group.partner())
                        .thenComparing(group -> group.channel() == null ? "" : group.channel()))
                .toList();
    }

    private static String attention(RouteControl.RouteView route) {
        if (route.state().equals("Suspended")) {
            return "suspended";
        }
        if (!route.state().equals("Started")) {
            return "stopped";
        }
        return route.lastHour().failures() > 0 ? "failing" : null;
    }

    /** Stopped before suspended before failing before the rest. */
    private static int rank(String attention) {
        return switch (Objects.requireNonNullElse(attention, "")) {
            case "stopped" -> 0;
            case "suspended" -> 1;
            case "failing" -> 2;
            default -> 3;
        };
    }
}
