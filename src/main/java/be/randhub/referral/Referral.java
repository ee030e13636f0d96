package be.randhub.referral;

import java.time.Instant;

/**
 * What the hub remembers of a referral: who referred to whom, for which activity, and where it stands. The
 * person's data stays in the document, not here.
 */
public record Referral(String referrer, String documentId, String trackingId, String target, String municipality,
                       String activityName, String activityCategory, ReferralStatus status, Instant requestedAt,
                       Instant updatedAt) {

    public boolean concerns(String partner) {
        return referrer.equals(partner) || target.equals(partner);
    }

    /** The other party: the target when the referrer speaks, the referrer when the target does. */
    public String counterpartOf(String partner) {
        return referrer.equals(partner) ? target : referrer;
    }
}
