package be.randhub.operations;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The routes as an operator sees and steers them: state, recent figures, and suspending or resuming one with a
 * reason (say one partner's file intake while its folder is being repaired). An operator's suspensions are kept in
 * the database ({@value #TABLE}), which all hub instances share: every instance applies what is stored there at
 * start-up and every {@code hub.operations.suspension-sync} (2 s) after, so a route suspended (or resumed) on one
 * instance is suspended (or resumed) on all. The hub's own holds ({@link #hold}, while this instance's database
 * connection is away) stay on this instance and are not stored.
 */
@Component
public class RouteControl {

    private static final Logger log = LoggerFactory.getLogger(RouteControl.class);
    /** Operators' suspensions, shared by all hub instances. */
    static final String TABLE = "route_suspension";

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
    /** Routes this instance suspended because an operator's suspension is stored (here or on another instance). */
    private final Set<String> applied = ConcurrentHashMap.newKeySet();
    /** Set once the routes exist (the partners' intake routes are made after Camel started). */
    private volatile boolean started;

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

    public synchronized void suspend(String id, String reason, String by) throws Exception {
        camel.getRouteController().suspendRoute(id);
        applied.add(id);
        jdbc.update("DELETE FROM " + TABLE + " WHERE route_id = ?", id);
        jdbc.update("INSERT INTO " + TABLE + " (route_id, reason, suspended_by, suspended_at) VALUES (?, ?, ?, ?)",
                id, reason, by, Timestamp.from(Instant.now()));
        log.warn("Route {} suspended by {}: {}", id, by, reason);
    }

    public synchronized void resume(String id, String by) throws Exception {
        held.remove(id);
        camel.getRouteController().resumeRoute(id);
        applied.remove(id);
        jdbc.update("DELETE FROM " + TABLE + " WHERE route_id = ?", id);
        log.warn("Route {} resumed by {}", id, by);
    }

    /** Suspends again what operators had suspended before the hub stopped (here or on another instance). */
    @EventListener(ApplicationReadyEvent.class)
    public void applySuspensions() throws Exception {
        started = true;
        applyStoredSuspensions();
    }

    /**
     * Makes this instance's routes match the operators' suspensions stored in the shared database: a stored one is
     * suspended here too, and a route this instance suspended for a suspension no longer stored (an operator resumed
     * it on another instance) is resumed, unless the hub holds it here (it is then resumed when the hold ends).
     * While the database cannot be reached, nothing changes.
     */
    @Scheduled(fixedDelayString = "${hub.operations.suspension-sync:2000}", initialDelayString = "${hub.operations.suspension-sync:2000}")
    public synchronized void applyStoredSuspensions() throws Exception {
        if (!started) {
            return;
        }
        Map<String, Suspension> stored;
        try {
            stored = suspensions();
        } catch (DataAccessException databaseAway) {
            return; // the database watch says so; the routes stay as they are until it answers
        }
        for (Map.Entry<String, Suspension> suspended : stored.entrySet()) {
            String id = suspended.getKey();
            if (camel.getRoute(id) == null || applied.contains(id)) {
                continue;
            }
            if (camel.getRouteController().getRouteStatus(id) == ServiceStatus.Started) {
                camel.getRouteController().suspendRoute(id);
            }
            applied.add(id);
            log.warn("Route {} is suspended ({}, by {} at {})", id, suspended.getValue().reason(), suspended.getValue().by(),
                    suspended.getValue().at());
        }
        for (String id : Set.copyOf(applied)) {
            if (stored.containsKey(id)) {
                continue;
            }
            applied.remove(id);
            if (!held.containsKey(id) && camel.getRouteController().getRouteStatus(id) == ServiceStatus.Suspended) {
                camel.getRouteController().resumeRoute(id);
                log.warn("Route {} resumed (an operator resumed it on another hub instance)", id);
            }
        }
    }

    /**
     * Suspends a running route (one not running is left as it is) for the hub itself, not for an operator (while
     * the database is away, say): its documents wait on their queue or in their folder. Not stored: a restarted hub
     * starts it as usual.
     */
    public synchronized void hold(String id, String reason) throws Exception {
        if (camel.getRouteController().getRouteStatus(id) == ServiceStatus.Started) {
            camel.getRouteController().suspendRoute(id);
            held.put(id, new Suspension(reason, "hub", Instant.now()));
            log.warn("Route {} holds its documents: {}", id, reason);
        }
    }

    /** Resumes a route the hub held, unless an operator suspended it meanwhile. */
    public synchronized void release(String id) throws Exception {
        if (!held.containsKey(id)) {
            return;
        }
        // read before the hold is let go: if this fails, the route stays held (and is released at the next try)
        boolean suspendedByAnOperator = suspensions().containsKey(id);
        held.remove(id);
        if (suspendedByAnOperator) {
            applied.add(id);
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
        return jdbc.query("SELECT * FROM " + TABLE, (row, index) -> Map.entry(row.getString("route_id"),
                        new Suspension(row.getString("reason"), row.getString("suspended_by"), row.getTimestamp("suspended_at").toInstant())))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
