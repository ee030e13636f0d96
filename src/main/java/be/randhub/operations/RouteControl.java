package be.randhub.operations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The routes as an operator sees and steers them: state, recent figures, and suspending or resuming one with a
 * reason (say one partner's file intake while its folder is being repaired). Suspensions are kept in the
 * database and applied again when the hub restarts.
 */
@Component
public class RouteControl {

    private static final Logger log = LoggerFactory.getLogger(RouteControl.class);

    public record Suspension(String reason, String by, Instant at) {
    }

    public record RouteView(String id, String description, String state, Suspension suspension,
                            RouteStatistics.Figures lastHour, RouteStatistics.Figures lastDay) {
    }

    private final CamelContext camel;
    private final JdbcTemplate jdbc;
    private final RouteStatistics statistics;
    /** Routes the hub suspended itself, with why (not stored: they run again after a restart). */
    private final Map<String, Suspension> held = new ConcurrentHashMap<>();

    public RouteControl(CamelContext camel, JdbcTemplate jdbc, RouteStatistics statistics) {
        this.camel = camel;
        this.jdbc = jdbc;
        this.statistics = statistics;
    }

    public List<RouteView> routes() {
        Map<String, Suspension> suspensions = new HashMap<>(held);
        try {
            suspensions.putAll(suspensions());
        } catch (DataAccessException databaseAway) {
            // the routes' states still show; an operator's reasons come back with the database
        }
        return camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).map(route -> new RouteView(
                route.getRouteId(), route.getDescription(), state(route.getRouteId()), suspensions.get(route.getRouteId()),
                statistics.lastHour(route.getRouteId()), statistics.lastDay(route.getRouteId()))).toList();
    }

    public Optional<RouteView> route(String id) {
        return routes().stream().filter(route -> route.id().equals(id)).findFirst();
    }

    public void suspend(String id, String reason, String by) throws Exception {
        camel.getRouteController().suspendRoute(id);
        jdbc.update("DELETE FROM route_suspension WHERE route_id = ?", id);
        jdbc.update("INSERT INTO route_suspension (route_id, reason, suspended_by, suspended_at) VALUES (?, ?, ?, ?)",
                id, reason, by, Timestamp.from(Instant.now()));
        log.warn("Route {} suspended by {}: {}", id, by, reason);
    }

    public void resume(String id, String by) throws Exception {
        held.remove(id);
        camel.getRouteController().resumeRoute(id);
        jdbc.update("DELETE FROM route_suspension WHERE route_id = ?", id);
        log.warn("Route {} resumed by {}", id, by);
    }

    /** Suspends again what operators had suspended before the hub stopped. */
    @EventListener(ApplicationReadyEvent.class)
    public void applySuspensions() throws Exception {
        for (Map.Entry<String, Suspension> suspended : suspensions().entrySet()) {
            if (camel.getRoute(suspended.getKey()) != null) {
                camel.getRouteController().suspendRoute(suspended.getKey());
                log.warn("Route {} stays suspended ({}, by {} at {})", suspended.getKey(), suspended.getValue().reason(),
                        suspended.getValue().by(), suspended.getValue().at());
            }
        }
    }

    /**
     * Suspends a running route (one not running is left as it is) for the hub itself, not for an operator (while
     * the database is away, say): its documents wait on their queue or in their folder. Not stored: a restarted hub
     * starts it as usual.
     */
    public void hold(String id, String reason) throws Exception {
        if (camel.getRouteController().getRouteStatus(id) == ServiceStatus.Started) {
            camel.getRouteController().suspendRoute(id);
            held.put(id, new Suspension(reason, "hub", Instant.now()));
            log.warn("Route {} holds its documents: {}", id, reason);
        }
    }

    /** Resumes a route the hub held, unless an operator suspended it meanwhile. */
    public void release(String id) throws Exception {
        if (!held.containsKey(id)) {
            return;
        }
        // read before the hold is let go: if this fails, the route stays held (and is released at the next try)
        boolean suspendedByAnOperator = suspensions().containsKey(id);
        held.remove(id);
        if (suspendedByAnOperator) {
            log.warn("Route {} stays suspended: an operator suspended it while the hub held it", id);
        } else {
            camel.getRouteController().resumeRoute(id);
        }
    }

    /** The routes the hub holds for this reason. */
    public List<String> heldFor(String reason) {
        return held.entrySet().stream().filter(route -> route.getValue().reason().equals(reason)).map(Map.Entry::getKey).toList();
    }

    /** Why the hub holds the route, if it does. */
    public Optional<Suspension> heldBy(String id) {
        return Optional.ofNullable(held.get(id));
    }

    public String state(String id) {
        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
        return status == null ? "Unknown" : status.name();
    }

    private Map<String, Suspension> suspensions() {
        return jdbc.query("SELECT * FROM route_suspension", (row, index) -> Map.entry(row.getString("route_id"),
                        new Suspension(row.getString("reason"), row.getString("suspended_by"), row.getTimestamp("suspended_at").toInstant())))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
