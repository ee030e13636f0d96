package be.randhub.sftp;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.sftp.*}: the SFTP drop folders.
 *
 * @param enabled whether the hub runs its SFTP server (off unless asked for)
 * @param host    the address it listens on ({@code 0.0.0.0} for other machines)
 * @param port    its TCP port
 */
@ConfigurationProperties("hub.sftp")
public record SftpProperties(@DefaultValue("false") boolean enabled, @DefaultValue("127.0.0.1") String host,
                             @DefaultValue("2222") int port) {
}
