package be.randhub.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import jakarta.jms.JMSException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;

/**
 * Purges personal data older than {@code hub.retention.personal-data} from the hub's own stores: delivery
 * files receivers never collected, processed and refused drop files, refused HTTP and JMS input, stored
 * attachments, messages waiting on the hub's queues (dead letters included), and the name hashes of old
 * referrals. What is left (tracking trail, referral statuses, feed counts) holds no personal data.
 */
@Component("retention")
public class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** What a purge removed, per store. */
    public record Purged(int files, int messages, int nameEntries) {
    }

    private final DataDirectory data;
    private final QueueSweeper queues;
    private final JdbcTemplate jdbc;
    private final RetentionProperties properties;
    private final PersonNames personNames;

    public Retention(DataDirectory data, QueueSweeper queues, JdbcTemplate jdbc, RetentionProperties properties, PersonNames personNames) {
        this.personNames = personNames;
        this.data = data;
        this.queues = queues;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** The scheduled purge: everything older than the retention period. */
    public Purged purge() throws JMSException {
        return purgeOlderThan(Instant.now().minus(properties.personalData()));
    }

    public Purged purgeOlderThan(Instant cutoff) throws JMSException {
        int files = 0;
        for (Path root : List.of(data.inside("outbox"), data.inside("inbox"), data.inside("rejected"), data.attachments())) {
            files += deleteFilesOlderThan(root, cutoff);
        }
        int messages = queues.remove("JMSTimestamp < " + cutoff.toEpochMilli());
        int names = personNames.purgeOlderThan(cutoff);
        Purged purged = new Purged(files, messages, names);
        log.info("Retention purge of personal data older than {}: {} files, {} queue messages, {} name entries removed",
                cutoff, purged.files(), purged.messages(), purged.nameEntries());
        return purged;
    }

    /** Deletes regular files last changed before the cutoff, below the folder; keeps the folders. */
    private static int deleteFilesOlderThan(Path root, Instant cutoff) {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        FileTime limit = FileTime.from(cutoff);
        try (Stream<Path> files = Files.walk(root)) {
            int deleted = 0;
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (Files.getLastModifiedTime(file).compareTo(limit) < 0 && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
            return deleted;
        } catch (IOException e) {
            throw new UncheckedIOException("retention purge under " + root, e);
        }
    }
}
