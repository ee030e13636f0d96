package be.randhub.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks passwords against their bcrypt hashes, for HTTP and broker logins alike.
 * <p>
 * bcrypt is slow on purpose (tens of milliseconds); a partner posting hundreds of documents over HTTP Basic
 * would pay it on every request. A successful check is therefore remembered for a few minutes under an HMAC of
 * (hash, password) with a key that exists only in this process: nothing in the cache is usable outside it, a
 * changed hash misses, and failures are never cached.
 */
@Component
public class PasswordChecker {

    private static final long REMEMBER_MILLIS = 5 * 60 * 1000;
    private static final int MAX_REMEMBERED = 10_000;

    private final PasswordEncoder encoder = new BCryptPasswordEncoder(10);
    private final SecretKeySpec key;
    private final Map<String, Long> verified = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };

    public PasswordChecker() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String hash(String raw) {
        return encoder.encode(raw);
    }

    public boolean matches(String raw, String hash) {
        if (raw == null || hash == null) {
            return false;
        }
        String fingerprint = fingerprint(raw, hash);
        long now = System.currentTimeMillis();
        synchronized (verified) {
            Long until = verified.get(fingerprint);
            if (until != null && until > now) {
                return true;
            }
        }
        boolean ok = encoder.matches(raw, hash);
        if (ok) {
            synchronized (verified) {
                verified.put(fingerprint, now + REMEMBER_MILLIS);
            }
        }
        return ok;
    }

    private String fingerprint(String raw, String hash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(hash.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(raw.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
