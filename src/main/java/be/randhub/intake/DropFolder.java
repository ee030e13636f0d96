package be.randhub.intake;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import be.randhub.attachment.AttachmentProperties;
import be.randhub.attachment.AttachmentStore;
import be.randhub.cluster.InstancePresence;
import be.randhub.broker.BrokerProperties;
import be.randhub.config.DataDirectory;
import be.randhub.document.DocumentReader;
import be.randhub.document.HubHeaders;
import be.randhub.document.Problem;
import be.randhub.document.Refusal;
import be.randhub.operations.DatabaseWatch;
import be.randhub.registry.Partner;
import be.randhub.registry.PartnerRegistry;
import be.randhub.routing.DeadLetters;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file channel's part of intake. A partner writes into {@code <data>/inbox/<partner>/}; everything else
 * happens in {@code <data>/processed/<partner>/}, which partners cannot reach, so nothing a partner puts in its
 * folder (links, pipes, look-alike folders) can make the hub read or write anywhere else:
 * <ul>
 *   <li>which files to pick up ({@code dropFileFilter}): regular files only (links, pipes and devices are left
 *       alone, and reported once per folder without their names), and a JSON that names a PDF not there yet
 *       waits for it, up to {@code hub.attachments.drop-wait};</li>
 *   <li>a file is taken ({@link #take}) by renaming it into {@code processed/<partner>/work/} first: from then on
 *       the partner cannot swap it; it is read only if it is still a regular file with no other name, through a
 *       handle opened without following links, its size checked on that handle. A PDF beside it is taken the same
 *       way and copied into the attachment store's staging area while it is hashed
 *       ({@link #takeAttachment});</li>
 *   <li>where a processed file goes ({@link #settle}): {@code processed/<partner>/done/<date>/} or
 *       {@code failed/<date>/}, its PDF with it, named with the tracking id so nothing is overwritten;</li>
 *   <li>a file whose intake failed (database or broker unreachable) goes back into the drop folder and is tried
 *       again after a growing pause ({@link #attemptFailed}); after the last attempt it is dead-lettered
 *       ({@link #deadLetter}). The attempt count lives in memory: after a restart a file starts afresh, and
 *       files a stopped hub was taking in go back into their drop folders at start-up.</li>
 * </ul>
 * Several hub instances may share the data folder: each file is taken by one of them (the rename into the work
 * folder succeeds for one only; the others find it gone), into {@code work/<instance>/}. An instance gives back
 * what its own previous run left there when it starts, and what an instance that is not running (it died) left
 * there is given back by whichever running instance takes that instance's presence lock first
 * ({@link InstancePresence}): once, and never while that instance runs.
 */
@Component("dropFolder")
public class DropFolder {

    /** The file's name made safe, without .json: used in the names of its receipt and of its place in done/failed. */
    public static final String DROP_NAME = "hubDropName";
    /** Exchange property: the files this exchange took out of the drop folder ({@link Taken}). */
    static final String TAKEN = "hubTakenFiles";
    static final String WORK = "work";

    private static final Logger log = LoggerFactory.getLogger(DropFolder.class);
    private static final byte[] ATTACHMENT = "\"attachment\"".getBytes(StandardCharsets.UTF_8);
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    /** How soon a JSON waiting for its PDF is looked at again. */
    private static final long ATTACHMENT_RECHECK_MILLIS = 500;

    private final DataDirectory data;
    private final AttachmentProperties attachments;
    private final AttachmentStore store;
    private final JsonMapper json;
    private final DocumentReader reader;
    private final long maxDocumentSize;
    private final BrokerProperties.Redelivery retry;
    private final DeadLetters deadLetters;
    private final InstancePresence presence;
    private final List<String> partners;

    /** A file taken out of a drop folder: where it was, and where the hub keeps it now. */
    record Taken(Path dropped, Path kept) {
    }

    /** Files whose intake failed (how often) or that wait for their PDF: not before when to take them again. */
    private final Map<Path, Attempts> attempts = new ConcurrentHashMap<>();

    record Attempts(int count, long notBefore) {
    }

    /** Drop folders already reported as holding entries that are not regular files: the log says so once. */
    private final Set<Path> reported = ConcurrentHashMap.newKeySet();

    public DropFolder(DataDirectory data, AttachmentProperties attachments, AttachmentStore store, JsonMapper json,
                      DocumentReader reader, BrokerProperties broker, DeadLetters deadLetters, PartnerRegistry registry,
                      InstancePresence presence) {
        this.presence = presence;
        this.partners = registry.senders().stream().map(Partner::id).toList();
        this.reader = reader;
        this.retry = broker.redelivery();
        this.deadLetters = deadLetters;
        this.data = data;
        this.attachments = attachments;
        this.store = store;
        this.json = json;
        this.maxDocumentSize = reader.maxSize();
        presence.declare();
        for (String partner : partners) {
            giveBackUnfinished(partner, presence.name());
        }
    }

    /**
     * Now and then: files another hub instance took out of a drop folder and did not finish because it stopped
     * running go back into their drop folders, to be taken in again by one instance.
     */
    @Scheduled(fixedDelayString = "${hub.intake.file.recovery-period:10000}", initialDelayString = "${hub.intake.file.recovery-period:10000}")
    public void takeUpWhatStoppedInstancesLeft() {
        Set<String> others = new TreeSet<>();
        for (String partner : partners) {
            Path work = data.processed(partner).resolve(WORK);
            if (!Files.isDirectory(work, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(work)) {
                entries.filter(entry -> Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && !isEmpty(entry))
                        .map(entry -> entry.getFileName().toString()).filter(name -> !name.equals(presence.name())).forEach(others::add);
            } catch (IOException e) {
                log.warn("Cannot look into the work folder of {}: {}", partner, e.getClass().getSimpleName());
            }
        }
        for (String other : others) {
            try {
                if (presence.whenAbsent(other, () -> partners.forEach(partner -> giveBackUnfinished(partner, other)))) {
                    log.warn("Files hub instance {} was taking in when it stopped went back into their drop folders", other);
                }
            } catch (RuntimeException e) {
                log.warn("Cannot take up the files hub instance {} left: {}", other, e.getClass().getSimpleName());
            }
        }
    }

    private static boolean isEmpty(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return true;
        }
    }

    /** The file endpoints' filter: {@code filter=#dropFileFilter}. */
    @Bean("dropFileFilter")
    GenericFileFilter<File> dropFileFilter() {
        return this::ready;
    }

    boolean ready(GenericFile<File> candidate) {
        if (candidate.isDirectory()) {
            return false;
        }
        Path path = Path.of(candidate.getAbsoluteFilePath());
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            if (reported.add(path.getParent())) {
                log.warn("The drop folder of {} holds entries that are not regular files (links, pipes or devices); they are left alone",
                        path.getParent().getFileName());
            }
            return false;
        }
        Attempts waiting = attempts.get(path);
        return waiting == null || System.currentTimeMillis() >= waiting.notBefore();
    }

    /**
     * Takes the dropped file out of the partner's reach and reads it: the body becomes its bytes, or the exchange
     * gets the refusal the channel makes (not a regular file, other names, too large). A file that is gone (the
     * partner took it back) ends the exchange without a receipt.
     */
    public void take(Exchange exchange) throws IOException {
        Path dropped = droppedFile(exchange);
        String partner = exchange.getIn().getHeader(HubHeaders.SENDER, String.class);
        exchange.getIn().setHeader(DROP_NAME, safeName(dropped.getFileName().toString()));
        Path kept;
        try {
            kept = keep(partner, dropped);
        } catch (NoSuchFileException gone) {
            exchange.setRouteStop(true);
            return;
        }
        taken(exchange).add(new Taken(dropped, kept));
        Refusal refusal = null;
        byte[] body = new byte[0];
        BasicFileAttributes attributes = Files.readAttributes(kept, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            refusal = Refusal.invalid("", "file.not-regular");
        } else if (links(kept) > 1) {
            refusal = Refusal.invalid("", "file.hard-linked");
        } else {
            // the hub's own entry now, still read without following a link; the size is the handle's
            byte[] read = DataDirectory.readRegularFile(kept, maxDocumentSize);
            if (read == null) {
                refusal = reader.tooLarge(attributes.size()).refusal();
            } else {
                body = read;
            }
        }
        if (refusal != null) {
            exchange.setProperty(HubHeaders.CHANNEL_REFUSAL, refusal);
        } else if (waitsForAttachment(exchange, partner, body)) {
            Attempts earlier = attempts.get(dropped);
            attempts.put(dropped, new Attempts(earlier == null ? 0 : earlier.count(), System.currentTimeMillis() + ATTACHMENT_RECHECK_MILLIS));
            giveBack(kept, dropped);
            taken(exchange).clear();
            exchange.setRouteStop(true);
            return;
        }
        exchange.setProperty(HubHeaders.INPUT, body);
        exchange.getIn().setBody(body);
    }

    /**
     * Whether the JSON names a PDF that is not in the drop folder yet while the JSON is younger than
     * {@code hub.attachments.drop-wait}: then it goes back to wait for it. (Once it is older, intake decides.)
     */
    private boolean waitsForAttachment(Exchange exchange, String partner, byte[] body) {
        Long modified = exchange.getIn().getHeader(Exchange.FILE_LAST_MODIFIED, Long.class);
        if (modified == null || System.currentTimeMillis() - modified >= attachments.dropWait().toMillis()
                || indexOf(body, ATTACHMENT) < 0) {
            return false;
        }
        try {
            JsonNode fileName = json.readTree(body).path("payload").path("attachment").path("fileName");
            Path pdf = fileName.isString() ? beside(data.inbox(partner), fileName.asString()) : null;
            return pdf != null && !Files.exists(pdf, LinkOption.NOFOLLOW_LINKS);
        } catch (RuntimeException unreadable) {
            return false; // intake will say what is wrong with it
        }
    }

    /** A dropped attachment, taken like the JSON and copied to the store's staging area; or why it cannot be used. */
    public record DroppedAttachment(AttachmentStore.Inspection inspection, Problem problem) {
    }

    /**
     * Takes the PDF a dropped JSON names from beside it; null when there is no such file in the drop folder. The
     * copy the checks (and later the store) see is made from a handle opened without following links.
     */
    public DroppedAttachment takeAttachment(Exchange exchange, String partner, String fileName) throws IOException {
        Path folder = data.inbox(partner);
        Path named = beside(folder, fileName);
        if (named == null || !Files.exists(named, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        Path kept;
        try {
            kept = keep(partner, named);
        } catch (NoSuchFileException gone) {
            return null;
        }
        taken(exchange).add(new Taken(named, kept));
        BasicFileAttributes attributes = Files.readAttributes(kept, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            return new DroppedAttachment(null, Problem.of("/payload/attachment", "attachment.not-regular", fileName));
        }
        if (links(kept) > 1) {
            return new DroppedAttachment(null, Problem.of("/payload/attachment", "attachment.hard-linked", fileName));
        }
        try (FileChannel channel = FileChannel.open(kept, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
             InputStream in = Channels.newInputStream(channel)) {
            return new DroppedAttachment(store.stage(in), null);
        }
    }

    /**
     * Whether the attempt that just failed was the file's last. One that failed because the database could not
     * be reached does not count: the file waits for the database (the route is held meanwhile).
     */
    public boolean isLastAttempt(Exchange exchange) {
        if (DatabaseWatch.failedUnreachable(exchange)) {
            return false;
        }
        Attempts previous = attempts.get(droppedFile(exchange));
        return (previous == null ? 1 : previous.count() + 1) >= retry.maxAttempts();
    }

    /**
     * Counts a failed attempt at a file (not one the database's absence failed), schedules the next one, and puts
     * what the exchange took back into the drop folder for it.
     */
    public void attemptFailed(Exchange exchange) {
        // counted before the file is back, so the poller leaves it alone until its next attempt
        countAttempt(exchange);
        store.discard(exchange.getProperty(HubHeaders.ATTACHMENT, AttachmentStore.Inspection.class));
        for (Taken taken : taken(exchange)) {
            giveBack(taken.kept(), taken.dropped());
        }
        taken(exchange).clear();
    }

    private void countAttempt(Exchange exchange) {
        Path path = droppedFile(exchange);
        Attempts previous = attempts.get(path);
        int earlier = previous == null ? 0 : previous.count();
        int count = DatabaseWatch.failedUnreachable(exchange) ? earlier : earlier + 1;
        long pause = (long) Math.min(retry.maxDelay().toMillis(),
                retry.initialDelay().toMillis() * Math.pow(retry.multiplier(), Math.max(count - 1, 0)));
        attempts.put(path, new Attempts(count, System.currentTimeMillis() + pause));
        exchange.getIn().setHeader(DeadLetters.ATTEMPTS, count);
    }

    /**
     * After the last attempt: the file's content (as read) and the reason go to hub.dead-letter, with nothing on
     * the message that the hub did not set itself; {@link #settle} then moves the file to {@code failed/}.
     */
    public void deadLetter(Exchange exchange) {
        countAttempt(exchange);
        String sender = exchange.getIn().getHeader(HubHeaders.SENDER, String.class);
        exchange.getIn().setHeader(HubHeaders.OUTCOME, "dead-lettered");
        deadLetters.prepareReplayInto(exchange, "inbox/" + sender);
        byte[] input = exchange.getProperty(HubHeaders.INPUT, byte[].class);
        exchange.getIn().setBody(input == null ? new byte[0] : input);
    }

    /** Moves the processed file (and the PDF that came with it) to {@code done/} or {@code failed/}. */
    public void settle(Exchange exchange) throws IOException {
        String outcome = exchange.getIn().getHeader(HubHeaders.OUTCOME, String.class);
        boolean done = "accepted".equals(outcome) || "duplicate".equals(outcome);
        moveTaken(exchange, done ? "done" : "failed");
    }

    private void moveTaken(Exchange exchange, String outcome) throws IOException {
        Path dropped = droppedFile(exchange);
        attempts.remove(dropped);
        store.discard(exchange.getProperty(HubHeaders.ATTACHMENT, AttachmentStore.Inspection.class));
        String sender = exchange.getIn().getHeader(HubHeaders.SENDER, String.class);
        String trackingId = exchange.getIn().getHeader(HubHeaders.TRACKING_ID, String.class);
        Path folder = DataDirectory.createDirectories(data.processed(sender).resolve(outcome).resolve(LocalDate.now(BRUSSELS).toString()));
        for (Taken taken : taken(exchange)) {
            String name = taken.dropped().equals(dropped)
                    ? exchange.getIn().getHeader(DROP_NAME, String.class) + "." + trackingId + ".json"
                    : trackingId + "." + safeName(taken.dropped().getFileName().toString());
            Files.move(taken.kept(), folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        taken(exchange).clear();
    }

    /**
     * The dropped file's name as the hub uses it in the names it gives (receipt, done/failed): letters, digits,
     * '.', '_' and '-' only, at most 100 characters, so no partner's file name can make the hub write elsewhere
     * or trip over a name too long.
     */
    static String safeName(String name) {
        String stem = name.endsWith(".json") || name.endsWith(".JSON") ? name.substring(0, name.length() - 5) : name;
        stem = stem.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        return stem.length() > 100 ? stem.substring(0, 100) : stem;
    }

    /** Renames a dropped entry into the hub's own work folder (without following it, whatever it is). */
    private Path keep(String partner, Path dropped) throws IOException {
        Path work = DataDirectory.createDirectories(data.processed(partner).resolve(WORK).resolve(presence.name()));
        String name = dropped.getFileName().toString();
        String prefix = UUID.randomUUID().toString().substring(0, 8) + ".";
        Path kept = work.resolve(prefix.length() + name.getBytes(StandardCharsets.UTF_8).length <= 250
                ? prefix + name : prefix + "dropped.json");
        Files.move(dropped, kept, StandardCopyOption.ATOMIC_MOVE);
        return kept;
    }

    /** Puts a taken file back under its name in the drop folder, never over a file the partner dropped since. */
    private void giveBack(Path kept, Path dropped) {
        try {
            try {
                Files.createLink(dropped, kept);
            } catch (FileAlreadyExistsException replacedMeanwhile) {
                Path folder = DataDirectory.createDirectories(processedFolder(kept).resolve("failed")
                        .resolve(LocalDate.now(BRUSSELS).toString()));
                Files.move(kept, folder.resolve("superseded." + kept.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (UnsupportedOperationException | IOException noHardLinks) {
                if (Files.exists(dropped, LinkOption.NOFOLLOW_LINKS)) {
                    throw noHardLinks;
                }
                Files.move(kept, dropped, StandardCopyOption.ATOMIC_MOVE);
                return;
            }
            Files.delete(kept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put a file back into its drop folder", e);
        }
    }

    /** The partner's {@code processed/<partner>/} folder a kept file is in ({@code work/[<instance>/]<file>}). */
    private static Path processedFolder(Path kept) {
        Path folder = kept.getParent();
        while (folder != null && !WORK.equals(String.valueOf(folder.getFileName()))) {
            folder = folder.getParent();
        }
        return folder == null ? kept.getParent().getParent() : folder.getParent();
    }

    /**
     * Files an instance was taking in when it stopped go back into their drop folders, to be taken in again: this
     * one's own at start-up (with those an earlier version left in {@code work/} itself), another's once it is
     * known not to run.
     */
    private void giveBackUnfinished(String partner, String instance) {
        Path work = data.processed(partner).resolve(WORK);
        if (!Files.isDirectory(work, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path inbox = DataDirectory.createDirectories(data.inbox(partner));
        List<Path> left = new ArrayList<>();
        try (Stream<Path> files = instance.equals(presence.name()) ? Files.list(work) : Stream.empty()) {
            files.filter(file -> !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)).forEach(left::add); // an earlier version's
        } catch (IOException e) {
            throw new UncheckedIOException("cannot take back the files being taken in when the hub stopped", e);
        }
        Path own = work.resolve(instance);
        if (Files.isDirectory(own, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> files = Files.list(own)) {
                files.forEach(left::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot take back the files being taken in when the hub stopped", e);
            }
        }
        for (Path kept : left) {
            String name = kept.getFileName().toString();
            giveBack(kept, inbox.resolve(name.substring(name.indexOf('.') + 1)));
        }
    }

    /** The file in {@code folder} that {@code fileName} names; null when the name would lead out of the folder. */
    private static Path beside(Path folder, String fileName) {
        Path file = folder.resolve(fileName).normalize();
        return folder.equals(file.getParent()) ? file : null;
    }

    @SuppressWarnings("unchecked")
    private static List<Taken> taken(Exchange exchange) {
        List<Taken> taken = exchange.getProperty(TAKEN, List.class);
        if (taken == null) {
            taken = new ArrayList<>();
            exchange.setProperty(TAKEN, taken);
        }
        return taken;
    }

    /** The dropped file as the drop folder's poller found it (Camel's header). */
    private static Path droppedFile(Exchange exchange) {
        return Path.of(exchange.getIn().getHeader("CamelFileAbsolutePath", String.class));
    }

    private static int links(Path file) throws IOException {
        try {
            return (Integer) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            return 1;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
