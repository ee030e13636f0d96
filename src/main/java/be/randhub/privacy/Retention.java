package be.randhub.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;

import jakarta.jms.JMSException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import be.randhub.attachment.AttachmentStore;
import be.randhub.config.DataDirectory;

/**
 * Purges personal data older than {@code hub.retention.personal-data} from the hub's own stores: delivery
 * files receivers never collected, processed and refused drop files, refused HTTP and JMS input, stored
 * attachments (and uploads a request left in the staging area), messages waiting on the hub's queues (dead letters included), and the name hashes of old
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
    private final RetentionProperties properties;
    private final AttachmentStore attachments;
    private final PersonNames personNames;

    public Retention(DataDirectory data, QueueSweeper queues, RetentionProperties properties, AttachmentStore attachments,
                     PersonNames personNames) {
        this.attachments = attachments;
        this.personNames = personNames;
        this.data = data;
        this.queues = queues;
        this.properties = properties;
    }

    /** The scheduled purge: everything older than the retention period. */
    public Purged purge() throws JMSException {
        return purgeOlderThan(Instant.now().minus(properties.personalData()));
    }

    public Purged purgeOlderThan(Instant cutoff) throws JMSException {
        int files = 0;
        for (Path root : List.of(data.inside("outbox"), data.inside("inbox"), data.inside("processed"), data.inside("rejected"),
                data.attachments())) {
            files += deleteFilesOlderThan(root, cutoff);
        }
        files += attachments.removeOrphans();
        int messages = queues.remove("JMSTimestamp < " + cutoff.toEpochMilli());
        int names = personNames.purgeOlderThan(cutoff);
        Purged purged = new Purged(files, messages, names);
        log.info("Retention purge of personal data older than {}: {} files, {} queue messages, {} name entries removed",
                cutoff, purged.files(), purged.messages(), purged.nameEntries());
        return purged;
    }

    /** Deletes regular files last changed before the cutoff, below the folder; keeps the folders. */
    private static int deleteFilesOlderThan(Path root, Instant cutoff) {
        FileTime limit = FileTime.from(cutoff);
        try {
            int deleted = 0;
            for (Path file : DataDirectory.regularFiles(root)) {
                if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).compareTo(limit) < 0 && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
            return deleted;
        } catch (IOException e) {
            throw new UncheckedIOException("retention purge under " + root, e);
        }
    }
}
