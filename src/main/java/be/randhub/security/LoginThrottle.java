package be.randhub.security;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Locks a user out for a while after too many failed logins in a row, on HTTP and on the broker alike, so
 * passwords cannot be guessed at speed. Kept per hub instance, in memory: a restart forgives.
 */
@Component
public class LoginThrottle {

    /**
     * {@code hub.security.login.*}
     *
     * @param maxFailures failed logins in a row before the user is locked out
     * @param lockout     how long a locked-out user waits
     */
    @ConfigurationProperties("hub.security.login")
    public record Properties(@DefaultValue("5") int maxFailures, @DefaultValue("5m") Duration lockout) {
    }

    private record State(int failures, long lockedUntil) {
    }

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    private final Map<String, State> users = new ConcurrentHashMap<>();
    private final Properties properties;

    public LoginThrottle(Properties properties) {
        this.properties = properties;
    }

    /** How much longer the user is locked out, if it is. */
    public Optional<Duration> lockedFor(String user) {
        State state = users.get(user);
        long left = state == null ? 0 : state.lockedUntil() - System.currentTimeMillis();
        return left > 0 ? Optional.of(Duration.ofMillis(left)) : Optional.empty();
    }

    public void failed(String user) {
        if (user == null) {
            return;
        }
        if (users.size() > 100_000) {
            users.clear(); // a flood of made-up names must not fill the memory
        }
        State state = users.merge(user, new State(1, 0), (old, one) -> {
            int failures = old.failures() + 1;
            long lockedUntil = failures >= properties.maxFailures()
                    ? System.currentTimeMillis() + properties.lockout().toMillis() : old.lockedUntil();
            return new State(failures >= properties.maxFailures() ? 0 : failures, lockedUntil);
        });
        if (state.lockedUntil() > System.currentTimeMillis() && state.failures() == 0) {
            log.warn("User {} is locked out for {} after {} failed logins", user, properties.lockout(), properties.maxFailures());
        }
    }

    public void succeeded(String user) {
        users.remove(user);
    }
}
