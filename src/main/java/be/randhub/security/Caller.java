package be.randhub.security;

import org.springframework.security.core.Authentication;

/** Who is calling over HTTP, and what their role lets them see. */
public record Caller(String name, boolean operator, boolean privacyOfficer) {

    public static Caller of(Authentication authentication) {
        boolean operator = has(authentication, HubRole.OPERATOR);
        return new Caller(authentication.getName(), operator, has(authentication, HubRole.PRIVACY_OFFICER));
    }

    private static boolean has(Authentication authentication, HubRole role) {
        return authentication.getAuthorities().stream().anyMatch(authority -> authority.getAuthority().equals(role.authority()));
    }

    /** Operators see every document's metadata; a partner its own. */
    public boolean maySeeDocumentOf(String sender) {
        return operator || name.equals(sender);
    }
}
