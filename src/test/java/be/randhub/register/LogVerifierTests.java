package be.randhub.register;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.randhub.config.DataDirectory;

import tools.jackson.databind.json.JsonMapper;

/**
 * The verifier against exports made the way the hub makes them (start line, entries, signed heads, the run's
 * own head at the end): an untouched export verifies; a changed byte, a removed entry, a swapped pair, a cut tail,
 * a rewritten history with recomputed hashes and a head signed with another key are each caught and named.
 */
class LogVerifierTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path data;

    static LogKeys keys;

    @BeforeAll
    static void keys() {
        keys = new LogKeys(new DataDirectory(data));
    }

    /** Entries 11 to 16 (the run begins after entry 10), a daily head after entry 13, the run's head after 16. */
    private static List<String> export(List<LogEntry> entries, String previous) {
        List<String> lines = new ArrayList<>();
        lines.add(JSON.writeValueAsString(new LogChain.StartLine("start", entries.get(0).seq() - 1, previous)));
        for (LogEntry entry : entries) {
            lines.add(JSON.writeValueAsString(new LogChain.EntryLine("entry", entry)));
            if (entry.seq() == 13) {
                lines.add(JSON.writeValueAsString(new LogChain.HeadLine("signed-head", keys.sign(entry.seq(), entry.hash()))));
            }
        }
        LogEntry last = entries.get(entries.size() - 1);
        lines.add(JSON.writeValueAsString(new LogChain.HeadLine("signed-head", keys.sign(last.seq(), last.hash()))));
        return lines;
    }

    private static List<LogEntry> chain(String previous) {
        List<LogEntry> entries = new ArrayList<>();
        Instant at = Instant.parse("2026-12-01T08:00:00.123Z");
        for (long seq = 11; seq <= 16; seq++) {
            LogEntry entry = new LogEntry.Draft(at.plusSeconds(seq), seq % 2 == 0 ? "delivery" : "read", "kanak", "http",
                    "019a0000-0000-7000-8000-0000000000" + seq, "referral", "content", "ab".repeat(32), "delivery", null)
                    .link(seq, previous);
            entries.add(entry);
            previous = entry.hash();
        }
        return entries;
    }

    private static final String PREVIOUS = "5e".repeat(32);

    private static LogVerifier.Outcome verify(List<String> lines) {
        return LogVerifier.verify(lines, keys.publicKey());
    }

    @Test
    void anUntouchedExportVerifies() {
        LogVerifier.Outcome outcome = verify(export(chain(PREVIOUS), PREVIOUS));
        assertThat(outcome.ok()).as(outcome.message()).isTrue();
        assertThat(outcome.message()).startsWith("OK").contains("entries 11 to 16", "2 signed heads");
    }

    @Test
    void aChangedByteIsNamed() {
        List<String> lines = export(chain(PREVIOUS), PREVIOUS);
        int line = 3; // entry 13, on line 4
        lines.set(line, lines.get(line).replace("\"principal\":\"kanak\"", "\"principal\":\"kanaj\""));
        assertThat(lines.get(line)).contains("kanaj");

        LogVerifier.Outcome outcome = verify(lines);

        assertThat(outcome.ok()).isFalse();
        assertThat(outcome.message()).startsWith("NOT OK").contains("entry 13 (line 4) was changed");
    }

    @Test
    void aRemovedEntryIsNamed() {
        List<String> lines = export(chain(PREVIOUS), PREVIOUS);
        lines.remove(2); // entry 12

        assertThat(verify(lines).message()).startsWith("NOT OK").contains("entry 12 was removed");
    }

    @Test
    void aSwappedPairIsNamed() {
        List<String> lines = export(chain(PREVIOUS), PREVIOUS);
        Collections.swap(lines, 1, 2); // entries 11 and 12

        assertThat(verify(lines).message()).startsWith("NOT OK").contains("entry 11 was removed (or moved)", "holds entry 12");
    }

    @Test
    void aCutTailIsNamedWithOrWithoutTheFinalHead() {
        List<String> lines = export(chain(PREVIOUS), PREVIOUS);
        List<String> withHead = new ArrayList<>(lines);
        withHead.remove(withHead.size() - 2); // entry 16
        withHead.remove(withHead.size() - 2); // entry 15
        assertThat(verify(withHead).message()).startsWith("NOT OK").contains("the tail was cut: entries 15 to 16 are missing");

        List<String> withoutHead = new ArrayList<>(lines.subList(0, lines.size() - 3)); // up to entry 14
        assertThat(verify(withoutHead).message()).startsWith("NOT OK")
                .contains("the tail was cut", "does not end with a signed head of its last entry (14)");
    }

    @Test
    void aRewrittenHistoryWithRecomputedHashesDoesNotMatchTheSignedHeads() {
        List<LogEntry> original = chain(PREVIOUS);
        List<String> lines = export(original, PREVIOUS);
        // someone with database access changes entry 12 and recomputes every hash after it; the signed heads stay
        String previous = original.get(0).hash();
        List<String> rewritten = new ArrayList<>(lines);
        for (int i = 1; i < original.size(); i++) {
            LogEntry entry = original.get(i);
            LogEntry changed = new LogEntry(entry.seq(), entry.at(), entry.kind(), i == 1 ? "de-rand" : entry.principal(),
                    entry.channel(), entry.trackingId(), entry.docType(), entry.parts(), entry.subject(), entry.purpose(), entry.detail(), null);
            changed = changed.withHash(changed.hashAfter(previous));
            previous = changed.hash();
            int line = rewritten.indexOf(JSON.writeValueAsString(new LogChain.EntryLine("entry", entry)));
            rewritten.set(line, JSON.writeValueAsString(new LogChain.EntryLine("entry", changed)));
        }

        assertThat(verify(rewritten).message()).startsWith("NOT OK")
                .contains("entry 13 or one before it was changed: the chain does not lead to the head signed at");
    }

    @Test
    void aHeadSignedWithAnotherKeyIsRefused() throws Exception {
        List<LogEntry> entries = chain(PREVIOUS);
        List<String> lines = export(entries, PREVIOUS);
        var other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        SignedHead genuine = JSON.readValue(lines.get(lines.size() - 1), LogChain.HeadLine.class).head();
        var signature = java.security.Signature.getInstance("Ed25519");
        signature.initSign(other.getPrivate());
        signature.update(genuine.signedBytes());
        SignedHead forged = new SignedHead(genuine.seq(), genuine.hash(), genuine.signedAt(),
                java.util.Base64.getEncoder().encodeToString(signature.sign()));
        lines.set(lines.size() - 1, JSON.writeValueAsString(new LogChain.HeadLine("signed-head", forged)));

        assertThat(verify(lines).message()).startsWith("NOT OK").contains("signature does not match the public key");
    }

    @Test
    void theKeyIsKeptOwnerOnlyAndReadBackByASecondInstance() throws Exception {
        Path file = data.resolve("secrets").resolve(LogKeys.PRIVATE_FILE);
        assertThat(java.nio.file.Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        LogKeys second = new LogKeys(new DataDirectory(data));
        assertThat(second.publicKeyPem()).isEqualTo(keys.publicKeyPem());
        assertThat(LogKeys.readPem(java.nio.file.Files.readString(data.resolve(LogKeys.PUBLIC_FILE))).getEncoded())
                .isEqualTo(keys.publicKey().getEncoded());
    }
}
