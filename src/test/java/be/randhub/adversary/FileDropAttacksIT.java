package be.randhub.adversary;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import be.randhub.support.HubClient;
import be.randhub.support.HubProcess;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/**
 * A partner attacks through its drop folder: it controls the names, links, special files and timing there. Whatever
 * it does, the hub reads only regular files it took out of the partner's reach, never follows a link, moves nothing
 * into another partner's folder, and answers each document once.
 */
@ExtendWith(AttackedHub.class)
class FileDropAttacksIT {

    /** A file only the hub may read, as its generated credentials are. */
    private static Path hubSecret(HubClient hub) throws IOException {
        Path secret = Files.createDirectories(hub.dataDir().resolve("secrets")).resolve("attack-target.properties");
        if (!Files.exists(secret)) {
            Files.writeString(secret, "operator=the-hub-secret-that-no-partner-may-read\n");
            Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        }
        return secret;
    }

    /**
     * The PDF beside dropped minutes is swapped for a link to a hub file, over and over, while the hub takes the
     * minutes in. Whatever the timing, the store holds only real PDFs, downloads give the PDF the partner sent or
     * nothing, and the hub file is neither read out nor changed.
     */
    @Test
    void aPdfSwappedForALinkNeverLeaksAHubFile(HubClient hub) throws Exception {
        Path secret = hubSecret(hub);
        String secretContent = Files.readString(secret);
        Path inbox = hub.dataDir().resolve("inbox").resolve(RISO);
        List<String> accepted = new ArrayList<>();
        byte[] pdf = TestDocuments.pdf("minutes with a swapped attachment " + System.nanoTime());
        for (int round = 0; round < 30; round++) {
            String name = "swap-" + round + ".pdf";
            Path real = inbox.resolve("." + name + ".real");
            Path link = inbox.resolve("." + name + ".link");
            Files.write(real, pdf);
            Files.createSymbolicLink(link, secret);
            AtomicBoolean swapping = new AtomicBoolean(true);
            Thread swapper = new Thread(() -> swap(inbox.resolve(name), real, link, pdf, secret, swapping));
            Files.copy(real, inbox.resolve(name));
            swapper.start();
            String drop = "swap-" + round + ".json";
            hub.drop(RISO, drop, TestDocuments.minutes(RISO, "23098").attachment(pdf, name, false).json());
            JsonNode receipt = hub.awaitFileReceipt(RISO, drop);
            swapping.set(false);
            swapper.join();
            if ("accepted".equals(receipt.path("status").asString())) {
                accepted.add(receipt.path("trackingId").asString());
            }
            Files.deleteIfExists(inbox.resolve(name));
            Files.deleteIfExists(real);
            Files.deleteIfExists(link);
        }
        try (Stream<Path> stored = Files.walk(hub.dataDir().resolve("attachments"))) {
            assertThat(stored.filter(file -> !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)))
                    .allSatisfy(file -> assertThat(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).as("%s", file).isTrue());
        }
        var download = hub.getBytes(RISO, "/api/v1/attachments/" + TestDocuments.sha256(pdf));
        if (!accepted.isEmpty()) {
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(pdf);
        }
        assertThat(new String(download.body(), StandardCharsets.ISO_8859_1)).doesNotContain("the-hub-secret");
        assertThat(Files.readString(secret)).isEqualTo(secretContent);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
    }

    /** Puts the real PDF and the link in turn under the name the minutes give, as fast as it can. */
    private static void swap(Path named, Path real, Path link, byte[] pdf, Path secret, AtomicBoolean swapping) {
        boolean linkNext = true;
        while (swapping.get()) {
            try {
                if (linkNext) {
                    Files.deleteIfExists(link);
                    Files.createSymbolicLink(link, secret);
                    Files.move(link, named, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.write(real, pdf);
                    Files.move(real, named, StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (IOException | RuntimeException raceWithTheHub) {
                // the hub took the file meanwhile: keep trying
            }
            linkNext = !linkNext;
        }
    }

    /**
     * The partner replaces the folders where processed files went (today's .failed/ and .done/) with links to
     * another partner's drop folder: a refused file of its own must never arrive there as the other partner's.
     */
    @Test
    void outcomeFoldersCannotBeRedirectedIntoAnotherPartnersFolder(HubClient hub) throws Exception {
        Path inbox = hub.dataDir().resolve("inbox").resolve(KANAK);
        Path victim = hub.dataDir().resolve("inbox").resolve(RISO);
        String today = LocalDate.now(ZoneId.of("Europe/Brussels")).toString();
        Thread.sleep(1000); // what KANAK dropped before has settled wherever the hub puts it
        for (String outcome : List.of(".failed", ".done")) {
            Files.createDirectories(inbox.resolve(outcome));
            Path dated = inbox.resolve(outcome).resolve(today);
            if (Files.exists(dated, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(dated)) {
                Files.move(dated, dated.resolveSibling(today + ".aside-" + System.nanoTime()));
            }
            if (!Files.exists(dated, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(dated, victim);
            }
            assertThat(dated).isSymbolicLink();
        }
        // RISO's own feedback report, dropped by KANAK: refused as not KANAK's, and moved where processed files go
        Doc forged = TestDocuments.feedbackReport(RISO, "23098");
        hub.drop(KANAK, "forged.json", forged.json());

        JsonNode receipt = hub.awaitFileReceipt(KANAK, "forged.json");

        assertThat(receipt.path("status").asString()).isEqualTo("rejected");
        Thread.sleep(3000); // time for RISO's folder to take in whatever landed there
        try (Stream<Path> files = Files.list(victim)) {
            assertThat(files.map(file -> file.getFileName().toString())).noneMatch(name -> name.startsWith("forged"));
        }
        try (Stream<Path> receipts = Files.list(hub.dataDir().resolve("outbox").resolve(RISO).resolve("receipts"))) {
            assertThat(receipts.map(file -> file.getFileName().toString())).noneMatch(name -> name.startsWith("forged"));
        }
        assertThat(hub.get("operator", "/api/v1/operator/documents?partner=" + RISO + "&documentId=" + forged.documentId())
                .json()).isEmpty();
    }

    /** Regular files named .done and .failed where the hub once kept processed files: each document is answered once. */
    @Test
    void filesNamedLikeTheOutcomeFoldersDoNotMakeTheHubTakeAFileAgain(HubClient hub) throws Exception {
        Path inbox = hub.dataDir().resolve("inbox").resolve("de-horizon");
        for (String outcome : List.of(".done", ".failed")) {
            if (!Files.exists(inbox.resolve(outcome), LinkOption.NOFOLLOW_LINKS)) {
                Files.writeString(inbox.resolve(outcome), "not a folder");
            }
        }
        hub.drop("de-horizon", "once.json", TestDocuments.feedbackReport("de-horizon", "23100").json());
        hub.drop("de-horizon", "broken-once.json", "{ not json");

        String trackingId = hub.awaitFileReceipt("de-horizon", "once.json").path("trackingId").asString();
        hub.awaitFileReceipt("de-horizon", "broken-once.json");
        hub.awaitOutbox(AGENCY, trackingId);
        Thread.sleep(3000);

        try (Stream<Path> receipts = Files.list(hub.dataDir().resolve("outbox").resolve("de-horizon").resolve("receipts"))) {
            List<String> names = receipts.map(file -> file.getFileName().toString()).toList();
            assertThat(names.stream().filter(name -> name.startsWith("once."))).hasSize(1);
            assertThat(names.stream().filter(name -> name.startsWith("broken-once."))).hasSize(1);
        }
        assertThat(inbox.resolve("once.json")).doesNotExist();
    }

    /**
     * A hard link to a hub file, dropped as a document: refused without being read back to the partner, and no
     * copy of it ends up anywhere the partner can read.
     */
    @Test
    void aHardLinkToAHubFileIsRefusedAndNeverHandedBack(HubClient hub) throws Exception {
        Path secret = hubSecret(hub);
        Files.createLink(hub.dataDir().resolve("inbox").resolve(KANAK).resolve("hardlink.json"), secret);

        JsonNode receipt = hub.awaitFileReceipt(KANAK, "hardlink.json");

        assertThat(receipt.path("status").asString()).isEqualTo("rejected");
        assertThat(receipt.toString()).doesNotContain("the-hub-secret");
        for (Path visible : List.of(hub.dataDir().resolve("inbox").resolve(KANAK), hub.dataDir().resolve("outbox").resolve(KANAK))) {
            try (Stream<Path> files = Files.walk(visible)) {
                for (Path file : files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).toList()) {
                    assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as("%s", file).doesNotContain("the-hub-secret");
                }
            }
        }
    }

    /**
     * A pipe and a link named after a person lie in a drop folder: the hub reads neither, keeps taking documents
     * in, and writes neither name (a person's name, a phone number) to its log.
     */
    @Test
    void pipesAndLinksAreNeverReadAndTheirNamesNeverLogged(HubClient hub, HubProcess process) throws Exception {
        Path inbox = hub.dataDir().resolve("inbox").resolve("pin");
        Path pipe = inbox.resolve("Youssef El Amrani 0470 99 88 77.json");
        Path link = inbox.resolve("Fatima Benali 0486 11 22 33.json");
        assertThat(new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor()).isZero();
        Files.createSymbolicLink(link, hubSecret(hub));
        try {
            hub.drop("pin", "after-the-pipe.json", TestDocuments.feedbackReport("pin", "23098").json());

            JsonNode receipt = hub.awaitFileReceipt("pin", "after-the-pipe.json");
            assertThat(receipt.path("status").asString()).isEqualTo("accepted");
            Thread.sleep(2000); // the poller has looked at the folder many times
            assertThat(process.log()).noneMatch(line -> line.contains("Youssef") || line.contains("0470 99")
                    || line.contains("Fatima") || line.contains("0486"));
            assertThat(link).isSymbolicLink();
        } finally {
            Files.deleteIfExists(pipe);
            Files.deleteIfExists(link);
        }
    }
}
