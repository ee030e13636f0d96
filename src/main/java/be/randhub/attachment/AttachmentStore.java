package be.randhub.attachment;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;

/**
 * The claim check: PDFs are stored once, by SHA-256, under {@code <data>/attachments/}, and only a reference
 * travels through the queues. Files are streamed (hashed while copied), never held whole in memory.
 */
@Component
public class AttachmentStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final byte[] PDF_START = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PDF_END = "%%EOF".getBytes(StandardCharsets.US_ASCII);
    private static final int TAIL = 1024;

    private final Path root;
    private final Path staging;
    private final long maxSize;

    public AttachmentStore(DataDirectory data, AttachmentProperties properties) {
        this.root = DataDirectory.createDirectories(data.attachments());
        this.staging = DataDirectory.createDirectories(data.tmp().resolve("attachments"));
        this.maxSize = properties.maxSize().toBytes();
    }

    /**
     * What the hub found out about a file: its hash, its size, whether it is a PDF.
     *
     * @param file      where the bytes are now
     * @param tooLarge  larger than the limit (then size and hash cover only the first bytes)
     * @param staged    a copy in the staging area (an upload), which the store may move; otherwise a partner's file
     */
    public record Inspection(Path file, String sha256, long size, boolean pdf, boolean tooLarge, boolean staged) {
    }

    public long maxSize() {
        return maxSize;
    }

    /** Copies an upload into the staging area while hashing it; stops reading once it is over the limit. */
    public Inspection stage(InputStream upload) throws IOException {
        Path file = staging.resolve(UUID.randomUUID() + ".part");
        try (OutputStream out = Files.newOutputStream(file)) {
            return scan(upload, out, file, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** Hashes a file where it lies (a dropped PDF), without copying it. */
    public Inspection inspect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return scan(in, OutputStream.nullOutputStream(), file, false);
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
     * Puts an inspected file into the store, once: an upload is moved in, a dropped file copied (the partner's
     * folder keeps it until its document is done). A file already stored is not written again. Stored files are
     * read-only, because deliveries hard-link them into the receivers' folders.
     */
    public Path keep(Inspection inspection) {
        Path target = path(inspection.sha256());
        try {
            if (Files.exists(target)) {
                discard(inspection);
                // sent again: its retention period starts again
                Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
                return target;
            }
            Files.createDirectories(target.getParent());
            Path temporary = target.resolveSibling(UUID.randomUUID() + ".tmp");
            if (inspection.staged()) {
                Files.move(inspection.file(), temporary, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.copy(inspection.file(), temporary, LinkOption.NOFOLLOW_LINKS);
            }
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

    /** Forgets a staged upload; a partner's own file is left alone. */
    public void discard(Inspection inspection) {
        if (inspection != null && inspection.staged()) {
            try {
                Files.deleteIfExists(inspection.file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void readOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("r--r-----"));
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

    private Inspection scan(InputStream source, OutputStream sink, Path file, boolean staged) throws IOException {
        MessageDigest digest = sha256();
        byte[] head = new byte[PDF_START.length];
        byte[] tail = new byte[TAIL];
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (DigestInputStream in = new DigestInputStream(source, digest)) {
            int read;
            while ((read = in.read(buffer)) != -1) {
                for (int i = 0; i < read && size + i < head.length; i++) {
                    head[(int) size + i] = buffer[i];
                }
                rememberTail(tail, size, buffer, read);
                size += read;
                if (size > maxSize) {
                    return new Inspection(file, HexFormat.of().formatHex(digest.digest()), size, false, true, staged);
                }
                sink.write(buffer, 0, read);
            }
        }
        boolean pdf = size >= PDF_START.length && java.util.Arrays.equals(head, PDF_START) && endsLikePdf(tail, size);
        return new Inspection(file, HexFormat.of().formatHex(digest.digest()), size, pdf, false, staged);
    }

    /** Keeps the last {@value #TAIL} bytes in a ring indexed by absolute position. */
    private static void rememberTail(byte[] tail, long position, byte[] buffer, int length) {
        int from = Math.max(0, length - TAIL);
        for (int i = from; i < length; i++) {
            tail[(int) ((position + i) % TAIL)] = buffer[i];
        }
    }

    private static boolean endsLikePdf(byte[] ring, long size) {
        int length = (int) Math.min(size, TAIL);
        byte[] last = new byte[length];
        for (int i = 0; i < length; i++) {
            last[i] = ring[(int) ((size - length + i) % TAIL)];
        }
        String text = new String(last, StandardCharsets.ISO_8859_1);
        return text.contains(new String(PDF_END, StandardCharsets.ISO_8859_1));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
