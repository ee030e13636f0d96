package be.randhub.security;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.github.benmanes.caffeine.cache.Ticker;

/**
 * Every password login, over HTTP (Basic and the console's form) and to the broker, passes here: the password is
 * checked, and failures are counted per account and per source address so that passwords cannot be guessed at
 * speed and nobody can lock a partner out without its password (see {@link FailureCounts}).
 * <p>
 * Every failed login looks the same from outside: a made-up name costs the same database query and bcrypt work
 * as a real one, a locked (account, source) costs the same whatever the password, and the caller learns only
 * "refused". Only a locked source answers at once, for every name alike. Counted in memory and in the database
 * all hub instances share, so the lock-outs hold across instances (see {@link FailureCounts}).
 */
@Component
public class LoginThrottle {

    /**
     * {@code hub.security.login.*}
     *
     * @param maxFailures       wrong passwords in a row for one account from one source before that pair is locked
     * @param lockout           how long a lock lasts (and how long a count of failures is remembered)
     * @param maxSourceFailures failed logins from one source, under any user names, before the source is locked
     */
    @ConfigurationProperties("hub.security.login")
    public record Properties(@DefaultValue("5") int maxFailures, @DefaultValue("5m") Duration lockout,
                             @DefaultValue("20") int maxSourceFailures) {
    }

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    private final Principals principals;
    private final CredentialStore credentials;
    private final FailureCounts failures;

    public LoginThrottle(Properties properties, Principals principals, CredentialStore credentials, JdbcTemplate jdbc,
                         TransactionTemplate databaseTransaction) {
        this.principals = principals;
        this.credentials = credentials;
        this.failures = new FailureCounts(properties.maxFailures(), properties.maxSourceFailures(), properties.lockout(),
                System::currentTimeMillis, Ticker.systemTicker(),
                new SharedFailureCounts(jdbc, databaseTransaction, System::currentTimeMillis));
        BrokerLoginLogFilter.install();
    }

    /** Expired shared counts leave the database (every instance does it; it is the same delete). */
    @Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
    void purgeExpiredCounts() {
        failures.purgeShared();
    }

    /**
     * Checks a login from a source (as {@link #source} gives it); returns the account it logs in as, or nothing,
     * whatever the reason.
     */
    public Optional<String> login(String name, String password, String source) {
        String account = principals.role(name).isPresent() ? name : null;
        if (failures.sourceLocked(account, source)) {
            return Optional.empty();
        }
        if (account != null && failures.locked(account, source)) {
            // the work of a wrong password whatever this one is: a right password, which the checker remembers,
            // would otherwise answer faster and tell a locked-out guesser it was right
            credentials.spendAsOnAWrongPassword(name, password);
            failures.failed(account, source); // counted like any failure, right password or not
            return Optional.empty();
        }
        boolean right = credentials.verify(name, password); // the same bcrypt work for any name
        if (account != null && right) {
            failures.succeeded(account, source);
            return Optional.of(account);
        }
        failures.failed(account, source);
        return Optional.empty();
    }

    /**
     * The source a failure is counted on, from a client's address as HTTP ({@code 203.0.113.5}, {@code 2001:db8::1})
     * or the broker ({@code /203.0.113.5:51234}, {@code [2001:db8::1]:51234}) gives it: the IPv4 address, or the
     * IPv6 /64 network (one machine easily holds a whole /64). Anything else (no address, an in-VM connection, or
     * whatever a proxy header made of the address) is {@code unknown}: never text a client chose.
     */
    public static String source(String address) {
        if (address == null || address.isBlank()) {
            return "local";
        }
        String host = address.substring(address.lastIndexOf('/') + 1).trim();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end > 0 ? host.substring(1, end) : host.substring(1);
        } else if (host.chars().filter(c -> c == ':').count() == 1 || host.chars().filter(c -> c == ':').count() == 8) {
            host = host.substring(0, host.lastIndexOf(':')); // IPv4 with a port, or a full IPv6 address with a port
        }
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        if (IPV4.matcher(host).matches() || IPV6.matcher(host).matches()) {
            try {
                InetAddress ip = InetAddress.getByName(host); // a literal: no name lookup
                if (ip instanceof Inet6Address) {
                    byte[] bytes = ip.getAddress();
                    java.util.Arrays.fill(bytes, 8, 16, (byte) 0);
                    return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
                }
                return ip.getHostAddress();
            } catch (UnknownHostException notAnAddress) {
                return "unknown";
            }
        }
        return "unknown";
    }
}
