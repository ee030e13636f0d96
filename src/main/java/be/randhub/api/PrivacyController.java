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
import org.springframework.web.bind.annotation.RestController;

import be.randhub.privacy.Erasures;

/** Erasure of one referral's personal data, and the audit of erasures: for the privacy officer only. */
@RestController
@RequestMapping("/api/v1/privacy/erasures")
@PreAuthorize("hasRole('PRIVACY_OFFICER')")
class PrivacyController {

    private final Erasures erasures;

    PrivacyController(Erasures erasures) {
        this.erasures = erasures;
    }

    record Request(String partner, String documentId) {
    }

    @PostMapping
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

    @GetMapping
    Map<String, List<Erasures.Erasure>> audit() {
        return Map.of("erasures", erasures.audit());
    }
}
