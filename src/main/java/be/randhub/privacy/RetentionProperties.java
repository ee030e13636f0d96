package be.randhub.privacy;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the hub keeps personal data in its own stores ({@code hub.retention.*}).
 *
 * @param personalData how long delivery files not yet collected, processed drop files, refused input, dead
 *                     letters, attachments and the names behind the scrubbing are kept
 * @param schedule     when the purge runs (Spring cron, Europe/Brussels)
 * @param audit        how long the access register and the hash-chained log are kept (longer than the data they
 *                     describe; they hold no personal data in clear)
 */
@ConfigurationProperties("hub.retention")
public record RetentionProperties(@DefaultValue("180d") Duration personalData, @DefaultValue("0 30 3 * * *") String schedule,
                                  @DefaultValue("730d") Duration audit) {
}
