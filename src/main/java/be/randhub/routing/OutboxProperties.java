package be.randhub.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Receivers' outbox folders ({@code hub.outbox.*}).
 *
 * @param fsync   force each delivery file to disk before its queue message commits (survives power loss; costs a
 *                disk flush per file)
 * @param writers threads that write and force a batch's files at once (their flushes overlap)
 */
@ConfigurationProperties("hub.outbox")
public record OutboxProperties(@DefaultValue("true") boolean fsync, @DefaultValue("8") int writers) {
}
