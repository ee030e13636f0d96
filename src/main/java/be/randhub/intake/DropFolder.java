package be.randhub.intake;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.ZoneId;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import be.randhub.attachment.AttachmentProperties;
import be.randhub.config.DataDirectory;
import be.randhub.document.Document;
import be.randhub.document.DocumentLimits;
import be.randhub.document.HubHeaders;
import be.randhub.operations.DatabaseWatch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The file channel's part of intake, for {@code <data>/inbox/<partner>/}:
 * <ul>
 *   <li>which files to pick up ({@code dropFileFilter}): regular files only (links and devices are left alone),
 *       and a JSON that names a PDF not there yet waits for it, up to {@code hub.attachments.drop-wait};</li>
 *   <li>where a processed file goes ({@link #settle}): {@code .done/<date>/} or {@code .failed/<date>/}, its
 *       PDF with it, both named with the tracking id so nothing is overwritten;</li>
 *   <li>a file whose intake failed (database or broker unreachable) stays where it is and is tried again after
 *       a growing pause ({@link #attemptFailed}); after the last attempt it is dead-lettered
 *       ({@link #deadLetter}). The attempt count lives in memory: after a restart a file starts afresh.</li>
 * </ul>
 */
@Component("dropFolder")
public class DropFolder {

    /** The outcome folder, relative to the partner's inbox; read by the file endpoint's {@code move} option. */
    public static final String OUTCOME_FOLDER = "hubDropFolder";
    /** The file's name made safe, without .json: used in the names of its receipt and of its place in .done/.failed. */
    public static final String DROP_NAME = "hubDropName";
    private static final Logger log = LoggerFactory.getLogger(DropFolder.class);
    private static final byte[] ATTACHMENT = "\"attachment\"".getBytes(StandardCharsets.UTF_8);
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private final DataDirectory data;
    private final AttachmentProperties attachments;
    private final JsonMapper json;
    private final long maxDocumentSize;
    /** Files whose intake failed: how often, and not before when to try again. */
    private final java.util.Map<Path, Attempts> failures = new java.util.concurrent.ConcurrentHashMap<>();
    private final be.randhub.broker.BrokerProperties.Redelivery retry;
    private final be.randhub.routing.DeadLetters deadLetters;

    record Attempts(int count, long notBefore) {
    }

    /** A young JSON file as the filter last read it: its version (time and length) and the PDF it names. */
    record Scanned(long modified, long length, Path pdf) {
    }

    private final java.util.Map<Path, Scanned> scans = new java.util.concurrent.ConcurrentHashMap<>();

    /** Files already reported as ignored, so the log says it once, not at every poll. */
    private final java.util.Set<Path> ignored = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public DropFolder(DataDirectory data, AttachmentProperties attachments, JsonMapper json, DocumentLimits limits,
                      be.randhub.broker.BrokerProperties broker, be.randhub.routing.DeadLetters deadLetters) {
        this.retry = broker.redelivery();
        this.deadLetters = deadLetters;
        this.data = data;
        this.attachments = attachments;
        this.json = json;
        this.maxDocumentSize = limits.maxSize().toBytes();
    }

    /** The file endpoints' filter: {@code filter=#dropFileFilter}. */
    @org.springframework.context.annotation.Bean("dropFileFilter")
    GenericFileFilter<File> dropFileFilter() {
        return this::ready;
    }

    boolean ready(GenericFile<File> candidate) {
        if (candidate.isDirectory()) {
            return false;
        }
        Path path = Path.of(candidate.getAbsoluteFilePath());
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            if (ignored.size() > 10_000) {
                ignored.clear();
            }
            if (ignored.add(path)) {
                log.warn("Ignoring {} in a drop folder: only regular files are read (no links, devices or pipes)", path.getFileName());
            }
            return false;
        }
        Attempts failed = failures.get(path);
        if (failed != null && System.currentTimeMillis() < failed.notBefore()) {
            return false; // failed before: wait for its next attempt
        }
        long age = System.currentTimeMillis() - candidate.getLastModified();
        if (age >= attachments.dropWait().toMillis() || candidate.getFileLength() > maxDocumentSize) {
            return true; // waited long enough, or too large to wait for: intake decides
        }
        return !waitingForAttachment(path, candidate.getLastModified(), candidate.getFileLength());
    }

    private boolean waitingForAttachment(Path jsonFile, long modified, long length) {
        Scanned scanned = scanned(jsonFile, modified, length);
        return scanned.pdf() != null && !Files.exists(scanned.pdf(), LinkOption.NOFOLLOW_LINKS);
    }

    /** What the JSON says about its PDF: read once per version of the file, not at every poll. */
    private Scanned scanned(Path jsonFile, long modified, long length) {
        Scanned known = scans.get(jsonFile);
        if (known != null && known.modified() == modified && known.length() == length) {
            return known;
        }
        if (scans.size() > 100_000) {
            scans.clear();
        }
        Scanned scanned = new Scanned(modified, length, pdfNamedIn(jsonFile));
        scans.put(jsonFile, scanned);
        return scanned;
    }

    /** The PDF beside the JSON that the JSON names, or null when it names none (or none in its own folder). */
    private Path pdfNamedIn(Path jsonFile) {
        try {
            byte[] bytes = Files.readAllBytes(jsonFile);
            if (indexOf(bytes, ATTACHMENT) < 0) {
                return null;
            }
            JsonNode fileName = json.readTree(bytes).path("payload").path("attachment").path("fileName");
            if (!fileName.isString()) {
                return null;
            }
            Path pdf = jsonFile.resolveSibling(fileName.asString()).normalize();
            return jsonFile.getParent().equals(pdf.getParent()) ? pdf : null;
        } catch (IOException | RuntimeException unreadable) {
            return null; // intake will say what is wrong with it
        }
    }

    /**
     * The dropped file's name as the hub uses it in the names it gives (receipt, .done/.failed): letters, digits,
     * '.', '_' and '-' only, at most 100 characters, so no partner's file name can make the hub write elsewhere
     * or trip over a name too long.
     */
    public void nameFile(Exchange exchange) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String stem = name.endsWith(".json") || name.endsWith(".JSON") ? name.substring(0, name.length() - 5) : name;
        stem = stem.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        exchange.getIn().setHeader(DROP_NAME, stem.length() > 100 ? stem.substring(0, 100) : stem);
    }

    /**
     * Whether the attempt that just failed was the file's last. One that failed because the database could not
     * be reached does not count: the file waits for the database (the route is held meanwhile).
     */
    public boolean isLastAttempt(Exchange exchange) {
        if (DatabaseWatch.failedUnreachable(exchange)) {
            return false;
        }
        Attempts previous = failures.get(consumedFile(exchange));
        return (previous == null ? 1 : previous.count() + 1) >= retry.maxAttempts();
    }

    /** Counts a failed attempt at a file (not one the database's absence failed) and schedules the next one. */
    public void attemptFailed(Exchange exchange) {
        Path path = consumedFile(exchange);
        Attempts previous = failures.get(path);
        int earlier = previous == null ? 0 : previous.count();
        int count = DatabaseWatch.failedUnreachable(exchange) ? earlier : earlier + 1;
        long pause = (long) Math.min(retry.maxDelay().toMillis(),
                retry.initialDelay().toMillis() * Math.pow(retry.multiplier(), Math.max(count - 1, 0)));
        failures.put(path, new Attempts(count, System.currentTimeMillis() + pause));
        exchange.getIn().setHeader(be.randhub.routing.DeadLetters.ATTEMPTS, count);
    }

    /** After the last attempt: the file goes to {@code .failed/}, its content and the reason to hub.dead-letter. */
    public void deadLetter(Exchange exchange) throws IOException {
        Path path = consumedFile(exchange);
        failures.remove(path);
        scans.remove(path);
        String sender = exchange.getIn().getHeader(HubHeaders.SENDER, String.class);
        exchange.getIn().setHeader(OUTCOME_FOLDER, ".failed/" + LocalDate.now(BRUSSELS));
        exchange.getIn().setHeader(HubHeaders.OUTCOME, "dead-lettered");
        exchange.getIn().setHeader("hubFileName", path.getFileName().toString());
        deadLetters.prepareReplayInto(exchange, "inbox/" + sender);
        exchange.getIn().setBody(Files.readAllBytes(path));
    }

    /** Decides where the processed file goes, and moves the PDF that came with it there too. */
    public void settle(Exchange exchange) throws IOException {
        Path consumed = consumedFile(exchange);
        failures.remove(consumed);
        scans.remove(consumed);
        String outcome = exchange.getIn().getHeader(HubHeaders.OUTCOME, String.class);
        boolean done = "accepted".equals(outcome) || "duplicate".equals(outcome);
        String folder = (done ? ".done/" : ".failed/") + LocalDate.now(BRUSSELS);
        exchange.getIn().setHeader(OUTCOME_FOLDER, folder);
        String sender = exchange.getIn().getHeader(HubHeaders.SENDER, String.class);
        String trackingId = exchange.getIn().getHeader(HubHeaders.TRACKING_ID, String.class);
        Document document = exchange.getProperty(HubHeaders.DOCUMENT, Document.class);
        if (document != null && document.hasAttachment()) {
            Path inbox = data.inbox(sender);
            Path pdf = inbox.resolve(document.attachment().path("fileName").asString()).normalize();
            if (inbox.equals(pdf.getParent()) && Files.isRegularFile(pdf, LinkOption.NOFOLLOW_LINKS)) {
                Path target = DataDirectory.createDirectories(inbox.resolve(folder)).resolve(trackingId + "." + pdf.getFileName());
                Files.move(pdf, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static Path consumedFile(Exchange exchange) {
        return Path.of(exchange.getIn().getHeader("CamelFileAbsolutePath", String.class));
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
