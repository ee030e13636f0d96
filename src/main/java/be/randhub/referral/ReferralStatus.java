package be.randhub.referral;

import java.util.Arrays;
import java.util.Optional;

/**
 * A referral's business status: what became of it at the receiving organisation. Separate from the hub's
 * transport state (received, delivered), which the tracking trail holds.
 */
public enum ReferralStatus {
    REQUESTED("requested"),
    ACCEPTED("accepted"),
    REJECTED("rejected"),
    IN_PROGRESS("in-progress"),
    ON_HOLD("on-hold"),
    COMPLETED("completed"),
    CANCELED("canceled"),
    FAILED("failed");

    private final String id;

    ReferralStatus(String id) {
        this.id = id;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return id;
    }

    public static Optional<ReferralStatus> fromId(String id) {
        return Arrays.stream(values()).filter(status -> status.id.equals(id)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
