package be.randhub.security;

/**
 * The roles of the access matrix (see the README). A partner's broker roles are its own id plus
 * {@code partner}; the others carry their role name on the broker as well.
 */
public enum HubRole {
    PARTNER("partner"),
    AGENCY("agency"),
    LEARNING_NETWORK("learning-network"),
    OPERATOR("operator"),
    PRIVACY_OFFICER("privacy-officer"),
    /** Reads the hub's metrics (/actuator/prometheus) and nothing else: what a Prometheus server scrapes as. */
    METRICS("metrics"),
    /** The hub itself, on its own broker connections. Never an HTTP user. */
    HUB("hub");

    private final String id;

    HubRole(String id) {
        this.id = id;
    }

    /** The role's name on the broker and in the README. */
    public String id() {
        return id;
    }

    /** The Spring Security authority, e.g. {@code ROLE_PARTNER}. */
    public String authority() {
        return "ROLE_" + name();
    }
}
