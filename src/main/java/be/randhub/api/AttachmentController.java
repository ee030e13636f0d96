package be.randhub.api;

import java.nio.file.Files;
import java.nio.file.LinkOption;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import be.randhub.attachment.AttachmentAccess;
import be.randhub.attachment.AttachmentStore;
import be.randhub.language.Catalogue;
import be.randhub.portal.PortalPages;
import be.randhub.register.AccessRegister;

/**
 * Claim-checked PDFs, streamed from the store: to their sender and to the receivers of a document that carries
 * them (the learning network only when the sender marked the PDF shareable). Anyone else gets 404, as if it did
 * not exist.
 */
@RestController
@RequestMapping({"/api/v1/attachments", PortalPages.ATTACHMENTS})
class AttachmentController {

    private final AttachmentStore store;
    private final AttachmentAccess access;
    private final AccessRegister register;
    private final Catalogue catalogue;

    AttachmentController(AttachmentStore store, AttachmentAccess access, AccessRegister register, Catalogue catalogue) {
        this.catalogue = catalogue;
        this.store = store;
        this.access = access;
        this.register = register;
    }

    @GetMapping("/{sha256}")
    ResponseEntity<?> attachment(@PathVariable String sha256, Authentication caller, HttpServletRequest request) {
        boolean entitled = sha256.matches("[0-9a-f]{64}") && access.entitled(sha256, caller.getName());
        // only a regular file the hub wrote itself: a link found in the store is never followed
        if (!entitled || !Files.isRegularFile(store.path(sha256), LinkOption.NOFOLLOW_LINKS)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(catalogue, request, HttpStatus.NOT_FOUND,
                    "unknown-attachment", "http.title.unknown-attachment", "http.detail.unknown-attachment"));
        }
        // a read of each document that carries it, for this caller (a PDF may name people the hub cannot see)
        register.readOfAny(caller.getName(), AccessRegister.HTTP, AccessRegister.FOR_DELIVERY, access.documents(sha256, caller.getName())
                .stream().map(trackingId -> new AccessRegister.Read(trackingId, "attachment")).toList());
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header("Content-Disposition", "attachment; filename=\"" + sha256 + ".pdf\"")
                .body(new FileSystemResource(store.path(sha256)));
    }
}
