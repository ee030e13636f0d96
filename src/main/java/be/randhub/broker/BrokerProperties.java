package be.randhub.broker;

import java.time.Duration;

import org.apache.activemq.artemis.core.server.JournalType;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the hub's broker is and how the hub talks to it ({@code hub.broker.*}).
 *
 * @param mode       {@code embedded}: the hub runs Artemis in its own process; {@code external}: it connects to one
 * @param url        broker URL in external mode
 * @param user       the hub's own broker user in external mode (embedded: an internal user with a per-process secret)
 * @param password   its password in external mode
 * @param acceptor   the TCP acceptor the embedded broker opens for partners' JMS clients
 * @param pool       the pooled connections the hub itself uses
 * @param redelivery how the broker retries a hub queue message whose route failed
 * @param journal    how the embedded broker writes its journal
 * @param idCacheSize duplicate-detection ids the embedded broker remembers per address: a second copy of a
 *                   delivery sent within that window is dropped (the hub does not count on it: a document published
 *                   before the hub stopped is recognised by its trail, however long ago)
 */
@ConfigurationProperties("hub.broker")
public record BrokerProperties(
        @DefaultValue("embedded") Mode mode,
        @DefaultValue("tcp://localhost:61616") String url,
        @DefaultValue("hub") String user,
        String password,
        @DefaultValue Acceptor acceptor,
        @DefaultValue Pool pool,
        @DefaultValue Redelivery redelivery,
        @DefaultValue Journal journal,
        @DefaultValue("20000") int idCacheSize) {

    public enum Mode { EMBEDDED, EXTERNAL }

    /**
     * @param tls TLS on the partners' acceptor: a PKCS12 key store with the broker's certificate
     */
    public record Acceptor(@DefaultValue("127.0.0.1") String host, @DefaultValue("61616") int port, @DefaultValue Tls tls) {
    }

    public record Tls(@DefaultValue("false") boolean enabled, String keyStore, String keyStorePassword) {
    }

    public record Pool(@DefaultValue("2") int maxConnections, @DefaultValue("200") int maxSessionsPerConnection) {
    }

    /**
     * @param initialDelay  wait before the second attempt
     * @param multiplier    each further wait is this many times the previous one
     * @param maxDelay      the longest wait
     * @param maxAttempts   after this many attempts the hub moves the message to {@code hub.dead-letter}
     */
    public record Redelivery(@DefaultValue("1s") Duration initialDelay, @DefaultValue("2") double multiplier,
                             @DefaultValue("1m") Duration maxDelay, @DefaultValue("5") int maxAttempts) {
    }

    /**
     * @param type {@code NIO} (Java's file channels) or {@code ASYNCIO} (Linux's libaio, direct I/O); without libaio
     *             the broker says so once and writes with NIO
     */
    public record Journal(@DefaultValue("NIO") JournalType type) {
    }

    /** The broker URL as the log may show it: the values of any password parameters (TLS stores) left out. */
    public String urlForLogs() {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public boolean embedded() {
        return mode == Mode.EMBEDDED;
    }
}
