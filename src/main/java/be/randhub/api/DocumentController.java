package be.randhub.api;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import be.randhub.attachment.AttachmentStore;
import be.randhub.document.DocumentLimits;
import be.randhub.document.Problem;
import be.randhub.intake.IntakeGateway;
import be.randhub.intake.Receipt;
import be.randhub.language.Catalogue;
import be.randhub.language.Languages;
import be.randhub.operations.DocumentSearch;
import be.randhub.portal.PortalPages;
import be.randhub.register.AccessRegister;
import be.randhub.security.Caller;
import be.randhub.tracking.DocumentStatus;
import be.randhub.tracking.DocumentStatusQuery;
import be.randhub.tracking.TrackingIds;

/**
 * The HTTP channel: {@code POST /api/v1/documents} takes a document as JSON, or as multipart with a PDF; the
 * answer is the receipt: 202 once the document is safely on the broker, 200 for a resend of an accepted one, an
 * RFC 9457 problem listing every error otherwise. {@code GET /api/v1/documents/{trackingId}} tells the sender
 * where its document is, {@code GET /api/v1/documents} lists the documents it sent. The partner portal calls the
 * same endpoints under {@link PortalPages#DOCUMENTS}.
 */
@RestController
@RequestMapping({"/api/v1/documents", PortalPages.DOCUMENTS})
class DocumentController {

    private static final int LISTED = 100;

    private final IntakeGateway intake;
    private final AttachmentStore attachments;
    private final DocumentStatusQuery documents;
    private final DocumentSearch search;
    private final long maxDocumentSize;
    private final AccessRegister register;
    private final Catalogue catalogue;

    DocumentController(IntakeGateway intake, AttachmentStore attachments, DocumentStatusQuery documents, DocumentSearch search,
                       DocumentLimits limits, AccessRegister register, Catalogue catalogue) {
        this.register = register;
        this.catalogue = catalogue;
        this.intake = intake;
        this.attachments = attachments;
        this.documents = documents;
        this.search = search;
        this.maxDocumentSize = limits.maxSize().toBytes();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('PARTNER')") // the security chain refuses others before the body is read; said here for the API description
    ResponseEntity<?> submit(HttpServletRequest request, Authentication caller) throws IOException {
        Locale language = Languages.of(request);
        if (request.getContentLengthLong() > maxDocumentSize) {
            return tooLarge(request.getContentLengthLong(), language);
        }
        byte[] body = readAtMost(request.getInputStream(), maxDocumentSize);
        if (body == null) {
            return tooLarge(-1, language);
        }
        return answer(intake.submit(caller.getName(), body, null, language), language);
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @PreAuthorize("hasRole('PARTNER')")
    ResponseEntity<?> submitWithAttachment(@RequestPart("document") MultipartFile document,
                                           @RequestPart(name = "attachment", required = false) MultipartFile attachment,
                                           Authentication caller, HttpServletRequest request) throws IOException {
        Locale language = Languages.of(request);
        if (document.getSize() > maxDocumentSize) {
            return tooLarge(document.getSize(), language);
        }
        byte[] body = document.getBytes();
        AttachmentStore.Inspection upload = null;
        if (attachment != null) {
            try (InputStream in = attachment.getInputStream()) {
                upload = attachments.stage(in);
            }
        }
        return answer(intake.submit(caller.getName(), body, upload, language), language);
    }

    /** One document the caller sent, as the list shows it (no content: the sender has that). */
    record Sent(String trackingId, String documentId, String type, String municipality, String channel, String state,
                Instant receivedAt) {
    }

    /** The documents the caller sent, newest first (at most {@value #LISTED}); refused ones are in their receipts only. */
    @GetMapping
    @PreAuthorize("hasRole('PARTNER')")
    List<Sent> sent(Authentication caller) {
        List<Sent> listed = search.find(null, caller.getName(), null, null, null, null, LISTED).stream()
                .map(found -> new Sent(found.trackingId(), found.documentId(), found.type(), found.municipality(), found.channel(),
                        "accepted".equals(found.state()) ? documents.status(found.trackingId()).map(DocumentStatus::state).orElse(found.state())
                                : found.state(), found.receivedAt()))
                .toList();
        // each one's status: an entry of the access register for those about a person, as for one document's status
        register.read(caller.getName(), AccessRegister.HTTP, AccessRegister.FOR_REFERRAL_FOLLOW_UP, listed.stream()
                .map(one -> new AccessRegister.Read(one.trackingId(), "status")).toList());
        return listed;
    }

    @GetMapping("/{trackingId}")
    ResponseEntity<?> status(@PathVariable String trackingId, Authentication authentication, HttpServletRequest request) {
        Caller caller = Caller.of(authentication);
        if (!TrackingIds.looksValid(trackingId)
                || !documents.sender(trackingId).map(caller::maySeeDocumentOf).orElse(false)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(catalogue, request, HttpStatus.NOT_FOUND,
                    "unknown-document", "http.title.unknown-document", "http.detail.unknown-document"));
        }
        DocumentStatus status = documents.status(trackingId).orElseThrow();
        // its status and trail: an entry of the access register when the document is about a person
        register.read(authentication.getName(), AccessRegister.HTTP, AccessRegister.FOR_REFERRAL_FOLLOW_UP,
                List.of(new AccessRegister.Read(trackingId, "status,trail")));
        return ResponseEntity.ok(status);
    }

    private ResponseEntity<?> answer(Receipt receipt, Locale language) {
        return switch (receipt.status()) {
            case ACCEPTED -> ResponseEntity.status(HttpStatus.ACCEPTED).body(receipt);
            case DUPLICATE -> ResponseEntity.ok(receipt);
            case CONFLICT -> problem(HttpStatus.CONFLICT, "conflict", catalogue.text(language, "http.title.conflict"), receipt);
            case DEAD_LETTERED -> throw new IllegalStateException("HTTP intake is answered 503 before it dead-letters");
            case REJECTED -> switch (receipt.refusal()) {
                case NOT_SENDER -> problem(HttpStatus.FORBIDDEN, "not-the-sender", catalogue.text(language, "http.title.not-the-sender"), receipt);
                case TOO_LARGE -> problem(HttpStatus.CONTENT_TOO_LARGE, "too-large", catalogue.text(language, "http.title.too-large"), receipt);
                default -> problem(HttpStatus.BAD_REQUEST, "invalid-document", catalogue.text(language, "http.title.invalid-document"), receipt);
            };
        };
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, Receipt receipt) {
        ProblemDetail problem = Problems.withErrors(Problems.of(status, type, title, receipt.message()),
                receipt.trackingId(), receipt.errors());
        problem.setProperty("outcome", receipt.status().id());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private ResponseEntity<ProblemDetail> tooLarge(long size, Locale language) {
        Problem error = catalogue.localized(size > 0 ? Problem.of("", "document.too-large", size, maxDocumentSize)
                : Problem.of("", "document.larger-than", maxDocumentSize), language);
        ProblemDetail problem = Problems.withErrors(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large",
                catalogue.text(language, "http.title.too-large"), error.message()), null, List.of(error));
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** Reads the body, or returns null as soon as it is longer than the limit (without reading the rest into memory). */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        return body.length > limit ? null : body;
    }
}
