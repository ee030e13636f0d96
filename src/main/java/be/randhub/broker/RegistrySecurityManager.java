package be.randhub.broker;

import java.util.Optional;
import java.util.Set;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

import be.randhub.security.CredentialStore;
import be.randhub.security.HubRole;
import be.randhub.security.InternalBrokerUser;
import be.randhub.security.LoginThrottle;
import be.randhub.security.Principals;

/**
 * Artemis security bridged to the partner registry: a broker user is a registry principal with the same
 * password as over HTTP, and its roles come from the registry (see {@link BrokerSecurity} for what each role may
 * do on which address). The validated user name is what {@code populate-validated-user} stamps on every message,
 * so the hub learns the sender from the broker, never from the message.
 */
class RegistrySecurityManager implements ActiveMQSecurityManager5 {

    private final Principals principals;
    private final InternalBrokerUser internalUser;
    private final LoginThrottle throttle;

    /**
     * Passwords are checked by the throttle, against the credential store, the same way as over HTTP; the
     * {@code credentials} argument is no longer used here (kept so the broker's configuration stays as it is).
     */
    RegistrySecurityManager(Principals principals, CredentialStore credentials, InternalBrokerUser internalUser,
                            LoginThrottle throttle) {
        this.throttle = throttle;
        this.principals = principals;
        this.internalUser = internalUser;
    }

    /**
     * The hub's own user first (a secret of this process, never throttled); everyone else through the login
     * throttle, counted on the connection's source address. A refusal is the same {@code null} whatever the reason.
     */
    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (user == null) {
            return null;
        }
        Set<String> roles;
        if (internalUser.matches(user, password)) {
            roles = Set.of(HubRole.HUB.id());
        } else {
            Optional<String> account = throttle.login(user, password,
                    LoginThrottle.source(connection == null ? null : connection.getRemoteAddress()));
            if (account.isEmpty()) {
                return null;
            }
            roles = principals.brokerRoles(account.get());
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        roles.forEach(role -> subject.getPrincipals().add(new RolePrincipal(role)));
        return subject;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null || roles == null) {
            return false;
        }
        for (RolePrincipal principal : subject.getPrincipals(RolePrincipal.class)) {
            for (Role role : roles) {
                if (role.getName().equals(principal.getName()) && checkType.hasRole(role)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean validateUser(String user, String password) {
        return authenticate(user, password, null, null) != null;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return authorize(authenticate(user, password, null, null), roles, checkType, null);
    }
}
