package be.randhub.attachment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Claim-checked attachments ({@code hub.attachments.*}).
 *
 * @param maxSize  largest PDF the hub takes
 * @param dropWait how long a dropped JSON waits for the PDF it names to appear beside it
 */
@ConfigurationProperties("hub.attachments")
public record AttachmentProperties(@DefaultValue("100MB") DataSize maxSize, @DefaultValue("60s") Duration dropWait) {
}
