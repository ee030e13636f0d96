package be.randhub.api;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import be.randhub.privacy.AccessRequests;
import be.randhub.privacy.Erasures;

/**
 * Erasure of one referral's personal data, the audit of erasures, and the answer to a person's access request:
 * for the privacy officer only.
 */
@RestController
@RequestMapping("/api/v1/privacy")
@PreAuthorize("hasRole('PRIVACY_OFFICER')")
class PrivacyController {

    private final Erasures erasures;
    private final AccessRequests accessRequests;

    PrivacyController(Erasures erasures, AccessRequests accessRequests) {
        this.erasures = erasures;
        this.accessRequests = accessRequests;
    }

    /**
     * What the hub holds about a person and every disclosure and read of it: the person named by one of their
     * referrals ({@code partner} and {@code documentId}) or by {@code name} and {@code birthYear}.
     */
    @GetMapping("/access-requests")
    ResponseEntity<?> accessRequest(@RequestParam(required = false) String partner, @RequestParam(required = false) String documentId,
                                    @RequestParam(required = false) String name, @RequestParam(required = false) Integer birthYear,
                                    Authentication caller) {
        if (partner != null && documentId != null) {
            return accessRequests.byReferral(partner, documentId, caller.getName()).<ResponseEntity<?>>map(ResponseEntity::ok)
                    .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND,
                            "unknown-referral", "No such referral", "the hub knows no referral " + partner + "/" + documentId)));
        }
        if (name != null && !name.isBlank() && birthYear != null) {
            return ResponseEntity.ok(accessRequests.byName(name, birthYear, caller.getName()));
        }
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-access-request", "Access request refused",
                "name the person by one of their referrals (partner and documentId) or by name and birthYear"));
    }

    record Request(String partner, String documentId) {
    }

    @PostMapping("/erasures")
    ResponseEntity<?> erase(@RequestBody Request request, Authentication caller) throws Exception {
        if (request.partner() == null || request.documentId() == null) {
            return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-erasure", "Erasure refused",
                    "name the referral: {\"partner\": <referrer>, \"documentId\": <its documentId>}"));
        }
        return erasures.erase(request.partner(), request.documentId(), caller.getName())
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND,
                        "unknown-referral", "No such referral", "the hub knows no referral " + request.partner() + "/" + request.documentId())));
    }

    @GetMapping("/erasures")
    Map<String, List<Erasures.Erasure>> audit() {
        return Map.of("erasures", erasures.audit());
    }
}
