package be.randhub.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import be.randhub.registry.Partner;
import be.randhub.registry.PartnerRegistry;

/**
 * Everyone who can log in (HTTP and broker alike) and the role each one holds: every registry entry, plus one
 * operator, one privacy officer and one metrics reader (a Prometheus server). The hub's own broker user is not in here; see {@link InternalBrokerUser}.
 */
@Component
public class Principals {

    public static final String OPERATOR = "operator";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String METRICS = "metrics";

    private final Map<String, HubRole> roles = new LinkedHashMap<>();

    public Principals(PartnerRegistry registry) {
        for (Partner partner : registry.all()) {
            roles.put(partner.id(), roleOf(partner));
        }
        roles.put(OPERATOR, HubRole.OPERATOR);
        roles.put(PRIVACY_OFFICER, HubRole.PRIVACY_OFFICER);
        roles.put(METRICS, HubRole.METRICS);
    }

    private static HubRole roleOf(Partner partner) {
        if (!partner.isReceiver()) {
            return HubRole.PARTNER;
        }
        return PartnerRegistry.AGENCY.equals(partner.id()) ? HubRole.AGENCY : HubRole.LEARNING_NETWORK;
    }

    public Set<String> names() {
        return roles.keySet();
    }

    public Optional<HubRole> role(String principal) {
        return Optional.ofNullable(principal).map(roles::get);
    }

    /** The broker role names of a principal: a partner is its own role and {@code partner}; others their role. */
    public Set<String> brokerRoles(String principal) {
        HubRole role = roles.get(principal);
        if (role == null) {
            return Set.of();
        }
        return role == HubRole.PARTNER ? Set.of(principal, role.id()) : Set.of(role.id());
    }
}
