package be.randhub.api;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import be.randhub.cluster.HubInstance;
import be.randhub.operations.DeadLetterDesk;
import be.randhub.operations.DocumentSearch;
import be.randhub.operations.Overview;
import be.randhub.operations.QueueStatistics;
import be.randhub.operations.RouteControl;
import be.randhub.register.AccessRegister;
import be.randhub.tracking.DocumentStatusQuery;
import be.randhub.tracking.Trail;
import be.randhub.tracking.TrailEvent;

/**
 * What the operators' console reads and does: the overview it opens on, routes (state, figures, suspend and resume with a reason),
 * queues (depth, oldest message), dead letters (replay, discard with a reason), and documents (search; content
 * for the privacy officer only).
 */
@RestController
@RequestMapping("/api/v1/operator")
@PreAuthorize("hasAnyRole('OPERATOR', 'PRIVACY_OFFICER')")
class OperatorController {

    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private final RouteControl routes;
    private final QueueStatistics queues;
    private final DeadLetterDesk deadLetters;
    private final DocumentSearch documents;
    private final Trail trail;
    private final DocumentStatusQuery status;
    private final HubInstance instance;
    private final Overview overview;
    private final AccessRegister register;

    OperatorController(RouteControl routes, QueueStatistics queues, DeadLetterDesk deadLetters, DocumentSearch documents, Trail trail,
                       DocumentStatusQuery status, HubInstance instance, Overview overview,
                       AccessRegister register) {
        this.overview = overview;
        this.register = register;
        this.status = status;
        this.instance = instance;
        this.routes = routes;
        this.queues = queues;
        this.deadLetters = deadLetters;
        this.documents = documents;
        this.trail = trail;
    }

    record Reason(String reason) {
    }

    record Selection(List<String> messageIds, String reason) {
    }

    record Instance(String instance) {
    }

    /** Which hub instance answers (hub.instance): the console shows it in its header. */
    @GetMapping("/instance")
    Instance instance() {
        return new Instance(instance.name());
    }

    /**
     * What the console opens on: documents per hour over the last 24 hours by outcome, partner and channel; dead
     * letters waiting; queues; routes grouped by partner and channel, the unusual ones on top. Counts and metadata
     * only, for operators.
     */
    @GetMapping("/overview")
    @PreAuthorize("hasRole('OPERATOR')")
    Overview.View overview() {
        return overview.now();
    }

    @GetMapping("/routes")
    List<RouteControl.RouteView> routes() {
        return routes.routes();
    }

    @PostMapping("/routes/{id}/suspend")
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<?> suspend(@PathVariable String id, @RequestBody Reason body, Authentication caller) throws Exception {
        if (body == null || body.reason() == null || body.reason().isBlank()) {
            return badRequest("say why the route is suspended: {\"reason\": \"...\"}");
        }
        if (routes.route(id).isEmpty()) {
            return notFound("no route " + id);
        }
        routes.suspend(id, body.reason().trim(), caller.getName());
        return ResponseEntity.ok(routes.route(id).orElseThrow());
    }

    @PostMapping("/routes/{id}/resume")
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<?> resume(@PathVariable String id, Authentication caller) throws Exception {
        if (routes.route(id).isEmpty()) {
            return notFound("no route " + id);
        }
        routes.resume(id, caller.getName());
        return ResponseEntity.ok(routes.route(id).orElseThrow());
    }

    @GetMapping("/queues")
    List<QueueStatistics.QueueState> queues() {
        queues.refresh();
        return queues.all();
    }

    @GetMapping("/dead-letters")
    List<DeadLetterDesk.DeadLetter> deadLetters() throws Exception {
        return deadLetters.list();
    }

    @PostMapping("/dead-letters/replay")
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<?> replay(@RequestBody Selection selection, Authentication caller) throws Exception {
        if (selection == null || selection.messageIds() == null || selection.messageIds().isEmpty()) {
            return badRequest("choose the dead letters to replay: {\"messageIds\": [...]}");
        }
        return ResponseEntity.ok(Map.of("outcomes", deadLetters.replay(selection.messageIds(), caller.getName())));
    }

    @PostMapping("/dead-letters/discard")
    @PreAuthorize("hasRole('OPERATOR')")
    ResponseEntity<?> discard(@RequestBody Selection selection, Authentication caller) throws Exception {
        if (selection == null || selection.messageIds() == null || selection.messageIds().isEmpty()) {
            return badRequest("choose the dead letters to discard: {\"messageIds\": [...], \"reason\": \"...\"}");
        }
        if (selection.reason() == null || selection.reason().isBlank()) {
            return badRequest("a discard needs a reason: it goes into each document's trail");
        }
        return ResponseEntity.ok(Map.of("outcomes", deadLetters.discard(selection.messageIds(), selection.reason().trim(), caller.getName())));
    }

    @GetMapping("/documents")
    List<DocumentSearch.Found> documents(@RequestParam(required = false) String trackingId, @RequestParam(required = false) String partner,
                                        @RequestParam(required = false) String documentId, @RequestParam(required = false) String type,
                                        @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                                        @RequestParam(defaultValue = "100") int limit, Authentication caller) {
        List<DocumentSearch.Found> found = documents.find(trackingId, partner, documentId, type,
                from == null ? null : from.atStartOfDay(BRUSSELS).toInstant(),
                to == null ? null : to.plusDays(1).atStartOfDay(BRUSSELS).toInstant(), limit);
        // each document about a person in the answer: a read of its metadata
        register.read(caller.getName(), AccessRegister.HTTP, AccessRegister.FOR_OPERATIONS,
                found.stream().map(document -> new AccessRegister.Read(document.trackingId(), "metadata")).toList());
        return found;
    }

    /** A document's state and trail (metadata only), as the partner that sent it sees it. */
    @GetMapping("/documents/{trackingId}")
    ResponseEntity<?> document(@PathVariable String trackingId, Authentication caller) {
        return status.status(trackingId).<ResponseEntity<?>>map(found -> {
            register.read(caller.getName(), AccessRegister.HTTP, AccessRegister.FOR_OPERATIONS,
                    List.of(new AccessRegister.Read(trackingId, "status,trail")));
            return ResponseEntity.ok(found);
        }).orElseGet(() -> notFound("no document " + trackingId));
    }

    /** The content of a document, for the privacy officer only; opening it is recorded in the document's trail. */
    @GetMapping("/documents/{trackingId}/content")
    @PreAuthorize("hasRole('PRIVACY_OFFICER')")
    ResponseEntity<?> content(@PathVariable String trackingId, Authentication caller) {
        return documents.content(trackingId).<ResponseEntity<?>>map(file -> {
            trail.record(List.of(TrailEvent.of(trackingId, TrailEvent.Kind.OPENED, null, null, null,
                    "content opened by " + caller.getName())));
            register.read(caller.getName(), AccessRegister.HTTP, AccessRegister.FOR_PRIVACY_REQUEST,
                    List.of(new AccessRegister.Read(trackingId, "content")));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new FileSystemResource(file));
        }).orElseGet(() -> notFound("the hub no longer holds this document's content (collected by its receivers, or purged)"));
    }

    private static ResponseEntity<?> badRequest(String detail) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Request refused", detail));
    }

    private static ResponseEntity<?> notFound(String detail) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", detail));
    }

}
