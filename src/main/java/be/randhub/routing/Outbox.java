package be.randhub.routing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.camel.Exchange;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import be.randhub.attachment.AttachmentStore;
import be.randhub.config.DataDirectory;
import be.randhub.document.HubHeaders;

/**
 * Writes deliveries into the receivers' folders, {@code <data>/outbox/<receiver>/<trackingId>.json}, with the PDF
 * (if one goes along) as {@code <trackingId>.pdf} beside it, linked first. A file is written under a temporary name,
 * forced to disk, then renamed, so a receiver never sees half a file; a delivery written before (the hub stopped
 * before its queue message committed) is recognised by its name and not written twice. Notices and feeds name
 * their file in {@value #FILE_NAME}.
 * <p>
 * Many files at once ({@link #writeAll}): written and forced on several threads, so their disk flushes overlap
 * (the disk takes concurrent flushes together), and each folder they touch forced once for all its renames.
 */
@Component("outbox")
public class Outbox implements DisposableBean {

    /** Header: a file name other than {@code <trackingId>.json} (notices, feeds). */
    public static final String FILE_NAME = "hubOutboxFile";
    /** Exchange property: the SHA-256 of a PDF that goes along with this delivery. */
    public static final String ATTACHMENT = "hubDeliverAttachment";

    private final DataDirectory data;
    private final AttachmentStore attachments;
    private final boolean fsync;
    private final ExecutorService writers;

    /** One file to write: its receiver, name and content, and the PDF that goes along (or null). */
    public record FileWrite(String receiver, String trackingId, String name, byte[] content, String attachmentSha256) {
    }

    /** What {@link #writeAll} did: the files it created (to take back if their messages do not commit), and the writes that failed. */
    public record Written(List<Path> created, Map<FileWrite, Exception> failed) {
    }

    public Outbox(DataDirectory data, AttachmentStore attachments, OutboxProperties properties) {
        this.data = data;
        this.attachments = attachments;
        this.fsync = properties.fsync();
        this.writers = Executors.newFixedThreadPool(properties.writers(), runnable -> {
            Thread thread = new Thread(runnable, "outbox-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Writes one delivery (the body) for the exchange's receiver, forced, folder included. */
    public void write(Exchange exchange) throws IOException {
        String receiver = exchange.getIn().getHeader(HubHeaders.RECEIVER, String.class);
        String trackingId = exchange.getIn().getHeader(HubHeaders.TRACKING_ID, String.class);
        String name = exchange.getIn().getHeader(FILE_NAME, trackingId + ".json", String.class);
        FileWrite file = new FileWrite(receiver, trackingId, name, exchange.getIn().getBody(String.class).getBytes(StandardCharsets.UTF_8),
                exchange.getProperty(ATTACHMENT, String.class));
        Path target = writeForced(file);
        if (target != null && fsync) {
            DataDirectory.force(target.getParent());
        }
    }

    /** Writes the files, each forced, on several threads at once; then forces each folder they touched, once. */
    public Written writeAll(List<FileWrite> files) {
        Map<FileWrite, CompletableFuture<Path>> writing = new LinkedHashMap<>();
        for (FileWrite file : files) {
            writing.put(file, CompletableFuture.supplyAsync(() -> {
                try {
                    return writeForced(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, writers));
        }
        List<Path> created = new ArrayList<>();
        Map<FileWrite, Exception> failed = new LinkedHashMap<>();
        Set<Path> folders = new LinkedHashSet<>();
        writing.forEach((file, result) -> {
            try {
                Path target = result.join();
                if (target != null) {
                    created.add(target);
                    folders.add(target.getParent());
                }
            } catch (CompletionException e) {
                failed.put(file, e.getCause() instanceof Exception cause ? cause : e);
            }
        });
        if (fsync) {
            List<CompletableFuture<Void>> forcing = folders.stream().map(folder -> CompletableFuture.runAsync(() -> {
                try {
                    DataDirectory.force(folder);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, writers)).toList();
            // a folder that cannot be forced leaves its renames unsure: the whole batch is not to be committed
            forcing.forEach(CompletableFuture::join);
        }
        return new Written(created, failed);
    }

    /** Takes back files a batch created whose messages did not commit (so no receiver sees a document twice). */
    public void takeBack(List<Path> created) {
        for (Path file : created) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException unsure) {
                // it stays, and a later attempt at the same delivery recognises it by its name
            }
        }
    }

    /** Writes the file under a temporary name, forces it, renames it into place; null when it was there already. */
    private Path writeForced(FileWrite file) throws IOException {
        Path folder = DataDirectory.createDirectories(data.outbox(file.receiver()));
        Path target = folder.resolve(file.name()).normalize();
        if (!target.startsWith(folder)) {
            throw new IllegalArgumentException("an outbox file name may not leave the receiver's folder");
        }
        folder = DataDirectory.createDirectories(target.getParent());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        if (file.attachmentSha256() != null) {
            Path pdf = folder.resolve(file.trackingId() + ".pdf");
            if (!Files.exists(pdf, LinkOption.NOFOLLOW_LINKS)) {
                AttachmentStore.linkOrCopy(attachments.path(file.attachmentSha256()), pdf);
            }
        }
        DataDirectory.writeAtomically(target, file.content(), fsync, false);
        return target;
    }

    @Override
    public void destroy() {
        writers.shutdown();
    }
}
