package be.randhub.api;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import be.randhub.language.Catalogue;
import be.randhub.portal.PortalPages;
import be.randhub.referral.Referral;
import be.randhub.referral.ReferralLifecycle;
import be.randhub.referral.ReferralStatus;
import be.randhub.referral.ReferralStore;
import be.randhub.register.AccessRegister;

/**
 * A referral's business status and history, for its two parties only: the referrer and the target. Everyone
 * else (other partners, receivers, operators) gets 404, as if it did not exist. It holds no personal data in clear,
 * but it is about a person: each read is an entry of the access register.
 * {@code GET /api/v1/referrals} lists the caller's own (as referrer or target). The partner portal calls the same
 * endpoints under {@link PortalPages#REFERRALS}.
 */
@RestController
@RequestMapping({"/api/v1/referrals", PortalPages.REFERRALS})
class ReferralController {

    private final ReferralStore referrals;
    private final AccessRegister register;
    private final Catalogue catalogue;

    ReferralController(ReferralStore referrals, AccessRegister register, Catalogue catalogue) {
        this.catalogue = catalogue;
        this.referrals = referrals;
        this.register = register;
    }

    record View(String referrer, String documentId, String trackingId, String target, String municipality,
                Activity activity, String status, boolean isFinal, List<String> allowedNext, Instant requestedAt,
                Instant updatedAt, List<ReferralStore.StatusChange> history) {
    }

    record Activity(String name, String category) {
    }

    /**
     * The referrals the caller made or is the target of, most recently changed first (at most 100); each one's
     * status and history read, as by {@link #referral}, in the access register.
     */
    @GetMapping
    List<View> mine(Authentication caller) {
        List<Referral> listed = referrals.concerning(caller.getName(), 100);
        register.read(caller.getName(), AccessRegister.HTTP, AccessRegister.FOR_REFERRAL_FOLLOW_UP, listed.stream()
                .map(referral -> new AccessRegister.Read(referral.trackingId(), "status,status-history")).toList());
        return listed.stream().map(referral -> view(referral, caller.getName())).toList();
    }

    @GetMapping("/{partner}/{documentId}")
    ResponseEntity<?> referral(@PathVariable String partner, @PathVariable String documentId, Authentication caller,
                               HttpServletRequest request) {
        return referrals.find(partner, documentId)
                .filter(referral -> referral.concerns(caller.getName()))
                .<ResponseEntity<?>>map(referral -> {
                    register.read(caller.getName(), AccessRegister.HTTP, AccessRegister.FOR_REFERRAL_FOLLOW_UP,
                            List.of(new AccessRegister.Read(referral.trackingId(), "status,status-history")));
                    return ResponseEntity.ok(view(referral, caller.getName()));
                })
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(catalogue, request,
                        HttpStatus.NOT_FOUND, "unknown-referral", "http.title.unknown-referral", "http.detail.unknown-referral", partner, documentId)));
    }

    private View view(Referral referral, String caller) {
        return new View(referral.referrer(), referral.documentId(), referral.trackingId(), referral.target(),
                referral.municipality(), new Activity(referral.activityName(), referral.activityCategory()),
                referral.status().id(), ReferralLifecycle.isFinal(referral.status()),
                ReferralLifecycle.allowed(referral, caller).stream().map(ReferralStatus::id).toList(),
                referral.requestedAt(), referral.updatedAt(), referrals.history(referral.referrer(), referral.documentId()));
    }
}
