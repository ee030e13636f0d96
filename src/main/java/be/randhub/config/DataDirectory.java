package be.randhub.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The one folder that holds everything the hub writes at run time, and the layout inside it.
 * <pre>
 * data/
 *   inbox/&lt;partner&gt;/             files partners drop; .done/ and .failed/ beside them
 *   outbox/&lt;receiver&gt;/           one JSON (and PDF) per delivery; partners also get receipts/
 *   attachments/ab/&lt;sha256&gt;.pdf  claim-checked PDFs, stored once
 *   rejected/&lt;partner&gt;/          refused HTTP and JMS input, kept aside for inspection
 *   secrets/                     generated credentials (owner-only)
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

    /** Creates the folder if needed and returns it. */
    public static Path createDirectories(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + folder, e);
        }
    }
}
