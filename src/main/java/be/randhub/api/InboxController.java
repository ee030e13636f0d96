package be.randhub.api;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import be.randhub.inbox.Inbox;
import be.randhub.language.Catalogue;
import be.randhub.portal.PortalPages;

/**
 * The HTTP inbox: {@code GET /api/v1/inbox?after=<cursor>&limit=<n>} answers the deliveries addressed to the
 * caller (a partner, the agency, the learning network), oldest first, each with its outbox file's content, and
 * {@code next}, the cursor to ask for the following page with (start without one, or with 0). The partner
 * portal calls the same endpoint under {@link PortalPages#INBOX}.
 */
@RestController
@RequestMapping({"/api/v1/inbox", PortalPages.INBOX})
class InboxController {

    private final Inbox inbox;
    private final Catalogue catalogue;

    InboxController(Inbox inbox, Catalogue catalogue) {
        this.catalogue = catalogue;
        this.inbox = inbox;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('PARTNER', 'AGENCY', 'LEARNING_NETWORK')")
    ResponseEntity<?> deliveries(@RequestParam(required = false) String after, @RequestParam(required = false) String limit,
                                 Authentication caller, HttpServletRequest request) throws IOException {
        Long cursor = whole(after, 0);
        Long size = whole(limit, Inbox.DEFAULT_LIMIT);
        if (cursor == null || cursor < 0) {
            return refused(request, "http.detail.bad-cursor");
        }
        if (size == null || size < 1 || size > Inbox.MAX_LIMIT) {
            return refused(request, "http.detail.bad-limit", Inbox.MAX_LIMIT);
        }
        return ResponseEntity.ok(inbox.after(caller.getName(), cursor, size.intValue()));
    }

    private static Long whole(String value, long absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        if (value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(value);
    }

    private ResponseEntity<?> refused(HttpServletRequest request, String detailKey, Object... arguments) {
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(catalogue, request, HttpStatus.BAD_REQUEST, "bad-parameter", "http.title.bad-parameter", detailKey, arguments));
    }
}
