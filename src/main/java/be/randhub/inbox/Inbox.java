package be.randhub.inbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import be.randhub.config.DataDirectory;
import be.randhub.register.AccessRegister;
import be.randhub.register.LogChain;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A receiver's deliveries, oldest first, for the HTTP inbox: the delivery log's entries addressed to it (every
 * document delivered, every notice and feed; see {@link AccessRegister}), each with its file from the receiver's
 * outbox folder as it lies there. The cursor is the log's sequence number: stable, without gaps in commit order,
 * kept longer than the files ({@code hub.retention.audit}), so a delivery whose file was purged or erased is still
 * listed, marked removed, and a cursor never skips one. Reading a page records a read of each document about a
 * person it holds, before the page is served.
 */
@Component
public class Inbox {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;
    /** A page stops before its files pass this size (at least one delivery per page, however large). */
    static final long PAGE_BYTES = 2L * 1024 * 1024;

    private final JdbcTemplate jdbc;
    private final DataDirectory data;
    private final AccessRegister register;
    private final JsonMapper json;

    public Inbox(JdbcTemplate jdbc, DataDirectory data, AccessRegister register, JsonMapper json) {
        this.jdbc = jdbc;
        this.data = data;
        this.register = register;
        this.json = json;
    }

    /**
     * One delivery: its cursor, when it was delivered, the document's tracking id and type (or the notice's or
     * feed's type), its file in the outbox, the SHA-256 of the PDF delivered with it (fetch it at
     * {@code /api/v1/attachments/<sha256>}), and the file's content; {@code removed} when the file is no longer
     * there (retention, erasure).
     */
    public record Delivery(long cursor, String deliveredAt, String trackingId, String type, String file, String attachment,
                           JsonNode content, boolean removed) {
    }

    /** A page: the deliveries, the cursor to ask for the next page with, and whether more are waiting already. */
    public record Page(List<Delivery> deliveries, long next, boolean more) {
    }

    private record Logged(long seq, String at, String trackingId, String type, String file) {
    }

    /** The receiver's deliveries after the cursor, at most {@code limit}; the reads are recorded first. */
    public Page after(String receiver, long cursor, int limit) throws IOException {
        List<Logged> logged = jdbc.query("SELECT seq, recorded_at, tracking_id, doc_type, detail FROM log_entry"
                        + " WHERE principal = ? AND kind = ? AND seq > ? ORDER BY seq LIMIT ?",
                (row, index) -> new Logged(row.getLong(1), LogChain.instant(row, "recorded_at").toString(), row.getString(3),
                        row.getString(4), row.getString(5)),
                receiver, AccessRegister.DELIVERY, cursor, limit + 1);
        boolean more = logged.size() > limit;
        Map<String, AccessRegister.Described> documents = register.describe(logged.stream()
                .map(Logged::trackingId).filter(Objects::nonNull).toList());
        Path folder = data.outbox(receiver);
        List<Delivery> page = new ArrayList<>();
        long bytes = 0;
        for (Logged entry : logged.subList(0, Math.min(limit, logged.size()))) {
            String name = entry.file() != null ? entry.file() : entry.trackingId() + ".json";
            byte[] file = readInside(folder, name);
            if (file != null && !page.isEmpty() && bytes + file.length > PAGE_BYTES) {
                more = true;
                break;
            }
            bytes += file == null ? 0 : file.length;
            AccessRegister.Described document = entry.trackingId() == null ? null : documents.get(entry.trackingId());
            String attachment = document != null && document.attachment() && file != null
                    && Files.isRegularFile(folder.resolve(entry.trackingId() + ".pdf"), LinkOption.NOFOLLOW_LINKS)
                    ? document.attachmentSha256() : null;
            page.add(new Delivery(entry.seq(), entry.at(), entry.trackingId(), entry.type(), name, attachment,
                    file == null ? null : parsed(file, entry), file == null));
        }
        // a document's own file is its content; a notice about it, the notice
        register.read(receiver, AccessRegister.HTTP, AccessRegister.FOR_DELIVERY, page.stream()
                .filter(delivery -> !delivery.removed() && delivery.trackingId() != null)
                .map(delivery -> new AccessRegister.Read(delivery.trackingId(),
                        delivery.file().equals(delivery.trackingId() + ".json") ? "content" : delivery.type())).toList());
        return new Page(page, page.isEmpty() ? cursor : page.get(page.size() - 1).cursor(), more);
    }

    /** The file's bytes when it is a regular file inside the folder (a link is never followed); null otherwise. */
    private static byte[] readInside(Path folder, String name) throws IOException {
        Path file = folder.resolve(name).normalize();
        if (!file.startsWith(folder) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException goneMeanwhile) {
            return null;
        }
    }

    /** The file as JSON; null (and a warning for the operators) for a file damaged on disk, which blocks no other. */
    private JsonNode parsed(byte[] file, Logged entry) {
        try {
            return json.readTree(file);
        } catch (JacksonException e) {
            log.warn("The outbox file of delivery {} ({}) is not JSON; the inbox lists it without content", entry.seq(), entry.type());
            return null;
        }
    }
}
