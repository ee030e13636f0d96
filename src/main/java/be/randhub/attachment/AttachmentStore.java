package be.randhub.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;
import be.randhub.language.Text;

/**
 * The claim check: PDFs are stored once, by SHA-256, under {@code <data>/attachments/}, and only a reference
 * travels through the queues. Files are streamed (hashed while copied), never held whole in memory.
 */
@Component
public class AttachmentStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** A staged upload nobody has touched for this long belongs to no request any more. */
    private static final Duration ORPHANED_AFTER = Duration.ofHours(1);

    private final Path root;
    private final Path staging;
    private final long maxSize;

    public AttachmentStore(DataDirectory data, AttachmentProperties properties) {
        this.root = DataDirectory.createDirectories(data.attachments());
        this.staging = DataDirectory.createDirectories(data.tmp().resolve("attachments"));
        this.maxSize = properties.maxSize().toBytes();
        removeOrphans();
    }

    /**
     * What the hub found out about a file it copied into its staging area: its hash, its size, whether it is a PDF.
     *
     * @param file      the hub's own copy (an upload, or a dropped file copied from a handle that follows no link)
     * @param notPdf    why it is not (only) a PDF; null when it is one
     * @param tooLarge  larger than the limit (then size and hash cover only the first bytes)
     */
    public record Inspection(Path file, String sha256, long size, Text notPdf, boolean tooLarge) {
    }

    public long maxSize() {
        return maxSize;
    }

    /** Copies an upload (or a dropped file) into the staging area while hashing it; stops reading once it is over the limit. */
    public Inspection stage(InputStream upload) throws IOException {
        Path file = staging.resolve(UUID.randomUUID() + ".part");
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW)) {
            return scan(upload, out, file);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    public boolean contains(String sha256) {
        return SHA256.matcher(sha256).matches() && Files.isRegularFile(path(sha256));
    }

    /** Where the PDF with this hash is (or would be) stored. */
    public Path path(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256");
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256 + ".pdf");
    }

    /**
     * Moves a staged file into the store, once: a file already stored is not written again. Stored files are
     * read-only, because deliveries hard-link them into the receivers' folders.
     */
    public Path keep(Inspection inspection) {
        Path target = path(inspection.sha256());
        try {
            if (Files.exists(target)) {
                discard(inspection);
                // sent again: its retention period starts again
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
                return target;
            }
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling(UUID.randomUUID() + ".tmp");
            Files.move(inspection.file(), temporary, StandardCopyOption.ATOMIC_MOVE);
            readOnly(temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException storedMeanwhile) {
                Files.deleteIfExists(temporary);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store attachment " + inspection.sha256(), e);
        }
    }

    /** Forgets a staged file (whatever became of the document); one already moved into the store is not there any more. */
    public void discard(Inspection inspection) {
        if (inspection != null) {
            try {
                Files.deleteIfExists(inspection.file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void readOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
        } catch (UnsupportedOperationException notPosix) {
            file.toFile().setReadOnly();
        }
    }

    /** A hard link where the file system allows it (instant, no extra space), a copy otherwise. */
    public static void linkOrCopy(Path source, Path target) throws IOException {
        try {
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | IOException notOnThisFileSystem) {
            Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Staged files older than an hour belong to no request any more (a request that died halfway, a crash): each
     * start, the retention purge and every erasure remove them. Returns how many.
     */
    public int removeOrphans() {
        FileTime limit = FileTime.from(Instant.now().minus(ORPHANED_AFTER));
        int removed = 0;
        try (Stream<Path> files = Files.list(staging)) {
            for (Path file : files.toList()) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attributes.lastModifiedTime().compareTo(limit) < 0) {
                    removed += Files.deleteIfExists(file) ? 1 : 0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the attachments' staging area", e);
        }
        return removed;
    }

    private Inspection scan(InputStream source, OutputStream sink, Path file) throws IOException {
        MessageDigest digest = sha256();
        PdfCheck pdf = new PdfCheck();
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (DigestInputStream in = new DigestInputStream(source, digest)) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                size += read;
                if (size > maxSize) {
                    return new Inspection(file, HexFormat.of().formatHex(digest.digest()), size, Text.of("problem.pdf.too-large"), true);
                }
                pdf.update(buffer, read);
                sink.write(buffer, 0, read);
            }
        }
        return new Inspection(file, HexFormat.of().formatHex(digest.digest()), size, pdf.verdict(), false);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
