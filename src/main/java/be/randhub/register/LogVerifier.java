package be.randhub.register;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks an export of the log ({@code GET /api/v1/operator/log}) against the hub's public key, without the hub:
 * <pre>
 * java -cp rand-integration-hub.jar -Dloader.main=be.randhub.register.LogVerifier \
 *      org.springframework.boot.loader.launch.PropertiesLauncher export.jsonl log-public-key.pem
 * </pre>
 * Prints OK and exits 0, or names the first entry that was changed, removed, inserted or moved, or the cut tail,
 * and exits 1 (2 when the files cannot be read).
 * <p>
 * What it checks: the entries follow each other (sequence numbers one by one from the export's start), each
 * entry's hash is SHA-256 over the previous hash and its canonical bytes ({@link LogEntry}), each signed head
 * carries a valid Ed25519 signature and names an entry of the export with that very hash, and the export ends
 * with a signed head of its last entry (a cut tail either lacks it or leaves a head beyond the last entry).
 */
public final class LogVerifier {

    private LogVerifier() {
    }

    /** The outcome: OK, or what was found first. */
    public record Outcome(boolean ok, String message) {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: LogVerifier <export.jsonl> <log-public-key.pem>");
            System.exit(2);
        }
        Outcome outcome;
        try {
            PublicKey key = LogKeys.readPem(Files.readString(Path.of(args[1]), StandardCharsets.US_ASCII));
            outcome = verify(Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8), key);
        } catch (Exception e) {
            System.err.println("cannot read the export or the key: " + e);
            System.exit(2);
            return;
        }
        System.out.println(outcome.message());
        System.exit(outcome.ok() ? 0 : 1);
    }

    public static Outcome verify(List<String> lines, PublicKey key) {
        JsonMapper json = JsonMapper.builder().build();
        long expected = -1;
        String previous = null;
        Map<Long, String> hashes = new HashMap<>();
        long lastSeq = -1;
        boolean endsWithHead = false;
        long verifiedHeads = 0;
        for (int number = 1; number <= lines.size(); number++) {
            String text = lines.get(number - 1);
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = json.readTree(text);
            } catch (RuntimeException e) {
                return failed("line " + number + " is not JSON: it was changed");
            }
            String type = line.path("type").asString("");
            if (expected < 0 && !type.equals("start")) {
                return failed("line " + number + ": the export does not begin with its start line (its head was cut or changed)");
            }
            switch (type) {
                case "start" -> {
                    if (expected >= 0) {
                        return failed("line " + number + ": a second start line was inserted");
                    }
                    lastSeq = line.path("seq").asLong();
                    expected = lastSeq + 1;
                    previous = line.path("previousHash").asString("");
                    hashes.put(lastSeq, previous);
                    endsWithHead = false;
                }
                case "entry" -> {
                    LogEntry entry = entry(line.path("entry"));
                    if (entry.seq() > expected) {
                        return failed("entry " + expected + " was removed (or moved): line " + number + " holds entry " + entry.seq()
                                + " where entry " + expected + " belongs");
                    }
                    if (entry.seq() < expected) {
                        return failed("entry " + entry.seq() + " on line " + number + " was inserted or moved: entry " + expected
                                + " belongs here");
                    }
                    if (previous.length() != 64 || !previous.matches("[0-9a-f]{64}") || !entry.hashAfter(previous).equals(entry.hash())) {
                        return failed("entry " + entry.seq() + " (line " + number + ") was changed: its hash does not follow from"
                                + " its content and the entry before it");
                    }
                    previous = entry.hash();
                    hashes.put(entry.seq(), previous);
                    lastSeq = entry.seq();
                    expected++;
                    endsWithHead = false;
                }
                case "signed-head" -> {
                    JsonNode head = line.path("head");
                    SignedHead signed = new SignedHead(head.path("seq").asLong(), head.path("hash").asString(""),
                            head.path("signedAt").asString(""), head.path("signature").asString(""));
                    if (!LogKeys.verify(signed, key)) {
                        return failed("the signed head on line " + number + " (entry " + signed.seq() + ") was changed: its signature"
                                + " does not match the public key");
                    }
                    if (signed.seq() > lastSeq) {
                        return failed("the tail was cut: entries " + (lastSeq + 1) + " to " + signed.seq() + " are missing (a head signed at "
                                + signed.signedAt() + " covers entry " + signed.seq() + ")");
                    }
                    if (!signed.hash().equals(hashes.get(signed.seq()))) {
                        return failed("entry " + signed.seq() + " or one before it was changed: the chain does not lead to the head"
                                + " signed at " + signed.signedAt());
                    }
                    verifiedHeads++;
                    endsWithHead = signed.seq() == lastSeq;
                }
                default -> {
                    return failed("line " + number + " is no line of an export (type \"" + type + "\"): it was inserted or changed");
                }
            }
        }
        if (expected < 0) {
            return failed("the export is empty");
        }
        if (!endsWithHead) {
            return failed("the tail was cut: the export does not end with a signed head of its last entry (" + lastSeq + ")");
        }
        return new Outcome(true, "OK: entries " + (hashes.keySet().stream().mapToLong(Long::longValue).min().orElse(0) + 1) + " to "
                + lastSeq + " are unchanged, complete and in order; " + verifiedHeads + " signed heads verified");
    }

    private static LogEntry entry(JsonNode node) {
        return new LogEntry(node.path("seq").asLong(), text(node, "at"), text(node, "kind"), text(node, "principal"),
                text(node, "channel"), text(node, "trackingId"), text(node, "docType"), text(node, "parts"), text(node, "subject"),
                text(node, "purpose"), text(node, "detail"), text(node, "hash"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asString();
    }

    private static Outcome failed(String message) {
        return new Outcome(false, "NOT OK: " + message);
    }
}
