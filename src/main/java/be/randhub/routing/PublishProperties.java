package be.randhub.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How documents are published ({@code hub.publish.*}).
 *
 * @param threads  publishers working at once, each on its own batch and broker session
 * @param maxBatch the most documents one broker transaction publishes
 */
@ConfigurationProperties("hub.publish")
public record PublishProperties(@DefaultValue("2") int threads, @DefaultValue("200") int maxBatch) {
}
