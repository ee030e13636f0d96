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
import be.randhub.register.AccessRegister;
import be.randhub.register.LogChain;

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
    private final AccessRegister register;
    private final LogChain chain;

    public Retention(DataDirectory data, QueueSweeper queues, RetentionProperties properties, AttachmentStore attachments,
                     PersonNames personNames, AccessRegister register, LogChain chain) {
        this.register = register;
        this.chain = chain;
        this.attachments = attachments;
        this.personNames = personNames;
        this.data = data;
        this.queues = queues;
        this.properties = properties;
    }

    /**
     * The scheduled purge: personal data older than its retention period; the register and log entries older
     * than theirs (hub.retention.audit).
     */
    public Purged purge() throws JMSException {
        Purged purged = purgeOlderThan(Instant.now().minus(properties.personalData()));
        Instant auditCutoff = Instant.now().minus(properties.audit());
        int entries = chain.purgeOlderThan(auditCutoff);
        if (entries > 0) {
            register.record(AccessRegister.PURGE, null, null, "log", null, AccessRegister.FOR_RETENTION,
                    entries + " register and log entries older than " + auditCutoff + " removed");
        }
        return purged;
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
        // the purge itself is an entry of the log (the register and the log are not purged with the data)
        register.record(AccessRegister.PURGE, null, null, "personal-data", null, AccessRegister.FOR_RETENTION,
                "older than " + cutoff + ": " + purged.files() + " files, " + purged.messages() + " queue messages, "
                        + purged.nameEntries() + " name entries");
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
