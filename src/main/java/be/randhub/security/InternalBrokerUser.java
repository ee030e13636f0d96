package be.randhub.security;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.stereotype.Component;

import be.randhub.broker.BrokerProperties;

/**
 * The broker user the hub itself connects as. With the embedded broker its password is a random secret that
 * lives only in this process (nothing to store, nothing to leak); with an external broker it comes from
 * configuration ({@code HUB_BROKER_PASSWORD}).
 */
@Component
public class InternalBrokerUser {

    private final String user;
    private final String password;

    public InternalBrokerUser(BrokerProperties properties) {
        this.user = properties.user();
        if (properties.embedded()) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            this.password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        } else {
            if (properties.password() == null || properties.password().isBlank()) {
                throw new IllegalStateException("hub.broker.password (HUB_BROKER_PASSWORD) is required with an external broker");
            }
            this.password = properties.password();
        }
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public boolean matches(String candidateUser, String candidatePassword) {
        return user.equals(candidateUser) && candidatePassword != null
                && MessageDigest.isEqual(password.getBytes(), candidatePassword.getBytes());
    }
}
