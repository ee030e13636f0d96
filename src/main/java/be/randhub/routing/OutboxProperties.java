package be.randhub.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Receivers' outbox folders ({@code hub.outbox.*}).
 *
 * @param fsync force each delivery file to disk before its queue message commits (survives power loss; costs a
 *              disk flush per file)
 */
@ConfigurationProperties("hub.outbox")
public record OutboxProperties(@DefaultValue("true") boolean fsync) {
}
