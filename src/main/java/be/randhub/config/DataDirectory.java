package be.randhub.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one folder that holds everything the hub writes at run time, and the layout inside it.
 * <pre>
 * data/
 *   inbox/&lt;partner&gt;/             files partners drop (the partner writes here; the hub only takes files away)
 *   processed/&lt;partner&gt;/         the hub's own: work/ (files being taken in), done/&lt;date&gt;/, failed/&lt;date&gt;/
 *   outbox/&lt;receiver&gt;/           one JSON (and PDF) per delivery; partners also get receipts/
 *   attachments/ab/&lt;sha256&gt;.pdf  claim-checked PDFs, stored once
 *   rejected/&lt;partner&gt;/          refused HTTP and JMS input, kept aside for inspection
 *   secrets/                     generated credentials, the SFTP host key (owner-only)
 *   sftp-keys/&lt;id&gt;               public keys registered for SFTP logins (authorized_keys format; the hub only reads them)
 *   sftp/&lt;id&gt;/                   what an SFTP login's root lists: an empty inbox/ and outbox/ (the real ones are above)
 *   broker/ db/ tmp/             Artemis journal, H2 database, uploads in progress
 * </pre>
 * Every path handed out here is resolved inside the data directory; names that would leave it are refused.
 */
@Component
public class DataDirectory {

    private final Path root;

    public DataDirectory(@Value("${hub.data-dir}") Path root) {
        this.root = root.toAbsolutePath().normalize();
        createDirectories(this.root);
    }

    public Path root() {
        return root;
    }

    public Path inbox(String partner) {
        return inside("inbox", partner);
    }

    /**
     * Where the hub keeps a partner's dropped files once it has taken them out of the drop folder: out of the
     * partner's reach, so no link or file a partner puts there can redirect what the hub moves.
     */
    public Path processed(String partner) {
        return inside("processed", partner);
    }

    public Path outbox(String receiver) {
        return inside("outbox", receiver);
    }

    public Path receipts(String partner) {
        return inside("outbox", partner, "receipts");
    }

    public Path attachments() {
        return inside("attachments");
    }

    public Path rejected(String partner) {
        return inside("rejected", partner);
    }

    /** The stores of documents, whose files are named after tracking ids: receivers' folders, drop folders and processed drops, refused input. */
    public List<Path> documentStores() {
        return List.of(inside("outbox"), inside("inbox"), inside("processed"), inside("rejected"));
    }

    public Path secrets() {
        return inside("secrets");
    }

    public Path tmp() {
        return inside("tmp");
    }

    /** Resolves the given names below the data directory and refuses anything that would step outside it. */
    public Path inside(String... names) {
        Path path = root;
        for (String name : names) {
            path = path.resolve(name);
        }
        path = path.normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("path leaves the data directory");
        }
        return path;
    }

    /**
     * Writes a file whole or not at all: under a fresh temporary name beside it (created new, so nothing that
     * already lies there, a link least of all, is followed or overwritten), then renamed into place. With
     * {@code force}, the content and then the rename reach the disk before this returns.
     */
    public static Path writeAtomically(Path target, byte[] content, boolean force) throws IOException {
        writeAtomically(target, content, force, force);
        return target;
    }

    /**
     * Like {@link #writeAtomically(Path, byte[], boolean)}, with the content's and the folder's flush chosen apart:
     * who writes many files into one folder forces the folder once for all of them ({@link #force}).
     */
    public static void writeAtomically(Path target, byte[] content, boolean forceContent, boolean forceFolder) throws IOException {
        Path folder = target.getParent();
        Path temporary = folder.resolve("." + UUID.randomUUID() + ".writing");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (forceContent) {
                channel.force(true);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        if (forceFolder) {
            force(folder);
        }
    }

    /** Flushes a folder: the renames into it are durable only then. */
    public static void force(Path folder) throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /**
     * The regular files below a folder, found without following links (a link a partner planted, or a link's
     * target, is never part of the hub's stores); empty when the folder does not exist.
     */
    public static List<Path> regularFiles(Path root) {
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the files under " + root, e);
        }
    }

    /** A regular file's bytes, read through a handle that follows no link; null when it is larger than the limit. */
    public static byte[] readRegularFile(Path file, long limit) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > limit) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // until the end
            }
            return buffer.position() == size ? buffer.array() : Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /** Creates the folder if needed and returns it. */
    public static Path createDirectories(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + folder, e);
        }
    }
}
