package be.randhub.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Which hub instance this is ({@code hub.instance}, environment {@code HUB_INSTANCE}; by default the host name):
 * the {@value #TAG} tag on every metric, the console's header, {@code /actuator/info}, and who holds a lock in
 * the shared database. Letters, digits, '.', '_' and '-' only (anything else in a host name becomes '_'), at most
 * 64 characters.
 */
@Component
public class HubInstance {

    /** The setting. */
    public static final String SETTING = "hub.instance";
    /** The common tag every metric carries, and the key in {@code /actuator/info}. */
    public static final String TAG = "instance";

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String name;

    public HubInstance(@Value("${" + SETTING + ":}") String configured) {
        if (configured == null || configured.isBlank()) {
            this.name = safe(hostName());
        } else if (ALLOWED.matcher(configured).matches()) {
            this.name = configured;
        } else {
            throw new IllegalArgumentException(SETTING + " (HUB_INSTANCE) may hold letters, digits, '.', '_' and '-' only,"
                    + " at most 64 of them");
        }
    }

    public String name() {
        return name;
    }

    private static String hostName() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException noName) {
            return "hub";
        }
    }

    static String safe(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        safe = safe.length() > 64 ? safe.substring(0, 64) : safe;
        return safe.isEmpty() ? "hub" : safe;
    }
}
