package be.randhub.sftp;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.PIN;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.FromAddress;
import be.randhub.support.HubClient;
import be.randhub.support.HubTest;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/**
 * The SFTP drop folders, through MINA's SFTP client over TCP against the running hub: what a partner sees and may
 * do, that an upload is taken in whole and once, who may log in, and the host key across a restart.
 */
@HubTest
class SftpTests {

    static SshClient client;
    static final AtomicReference<PublicKey> hostKey = new AtomicReference<>();

    @Autowired
    HubClient hub;
    @Autowired
    SftpServer server;
    @Autowired
    be.randhub.support.LogRecorder log;

    @BeforeAll
    static void startClient() {
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((session, address, key) -> {
            hostKey.set(key);
            return true;
        });
        client.start();
    }

    @AfterAll
    static void stopClient() throws IOException {
        client.stop();
    }

    ClientSession login(String user, String password) throws IOException {
        return login(user, password, null);
    }

    /** A logged-in session, from a loopback address of the test's own when {@code source} is given. */
    ClientSession login(String user, String password, String source) throws IOException {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.port());
        ClientSession session = client.connect(user, target, null, source == null ? null : new InetSocketAddress(source, 0))
                .verify(Duration.ofSeconds(10)).getSession();
        session.addPasswordIdentity(password);
        return authenticated(session);
    }

    /** The session once it authenticated with the identity it was given; closed if it was refused. */
    static ClientSession authenticated(ClientSession session) throws IOException {
        try {
            session.auth().verify(Duration.ofSeconds(10));
        } catch (IOException | RuntimeException refused) {
            session.close(true);
            throw refused;
        }
        return session;
    }

    SftpClient sftp(String user) throws IOException {
        ClientSession session = login(user, HubTestConfiguration.password(user));
        return SftpClientFactory.instance().createSftpClient(session);
    }

    static void upload(SftpClient sftp, String path, String content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    static String read(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static List<String> names(SftpClient sftp, String path) throws IOException {
        List<String> names = new ArrayList<>();
        for (SftpClient.DirEntry entry : sftp.readDir(path)) {
            if (!entry.getFilename().equals(".") && !entry.getFilename().equals("..")) {
                names.add(entry.getFilename());
            }
        }
        return names;
    }

    /** Waits for the receipt of a file, read over SFTP from {@code /outbox/receipts}. */
    static JsonNode awaitReceipt(HubClient hub, SftpClient sftp, String fileName) {
        String stem = fileName.substring(0, fileName.lastIndexOf('.')) + ".";
        String name = Awaitility.await().atMost(HubClient.PATIENCE).pollInterval(Duration.ofMillis(200))
                .until(() -> names(sftp, "/outbox/receipts").stream().filter(n -> n.startsWith(stem)).findFirst(),
                        java.util.Optional::isPresent).orElseThrow();
        try {
            return hub.readJsonText(read(sftp, "/outbox/receipts/" + name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aDocumentUploadedToTheInboxIsTakenInItsReceiptIsInTheOutboxAndItReachesItsReceivers() throws Exception {
        try (SftpClient sftp = sftp(KANAK)) {
            assertThat(names(sftp, "/")).containsExactlyInAnyOrder("inbox", "outbox");
            Doc referral = TestDocuments.referral(KANAK, DE_RAND);

            upload(sftp, "/inbox/referral-sftp.json", referral.json());

            JsonNode receipt = awaitReceipt(hub, sftp, "referral-sftp.json");
            assertThat(receipt.path("status").asString()).isEqualTo("accepted");
            String trackingId = receipt.path("trackingId").asString();
            hub.awaitOutbox(AGENCY, trackingId);
            hub.awaitOutbox(DE_RAND, trackingId);
            try (SftpClient target = sftp(DE_RAND)) {
                assertThat(read(target, "/outbox/" + trackingId + ".json")).contains(referral.documentId());
            }
            // the receiver's read over SFTP is an entry of the access register
            assertThat(hub.get(be.randhub.support.TestPartners.PRIVACY_OFFICER, "/api/v1/privacy/access-requests?partner=" + KANAK + "&documentId="
                    + referral.documentId()).json().path("disclosures").valueStream().filter(entry -> entry.path("kind").asString().equals("read")
                    && entry.path("principal").asString().equals(DE_RAND) && entry.path("channel").asString().equals("sftp")
                    && entry.path("trackingId").asString().equals(trackingId) && entry.path("parts").asString().equals("content"))).hasSize(1);
        }
    }

    @Test
    void anUploadUnderATemporaryNameThenRenamedIsTakenOnce() throws Exception {
        try (SftpClient sftp = sftp(RISO)) {
            Doc report = TestDocuments.feedbackReport(RISO, "23098");
            upload(sftp, "inbox/report-sftp.json.part", report.json());
            Thread.sleep(800); // longer than the drop folder's settle time: a .part file is never taken
            assertThat(names(sftp, "/outbox/receipts")).noneMatch(n -> n.startsWith("report-sftp."));

            sftp.rename("inbox/report-sftp.json.part", "inbox/report-sftp.json");

            JsonNode receipt = awaitReceipt(hub, sftp, "report-sftp.json");
            assertThat(receipt.path("status").asString()).isEqualTo("accepted");
            hub.awaitOutbox(AGENCY, receipt.path("trackingId").asString());
            Thread.sleep(800);
            assertThat(names(sftp, "/outbox/receipts")).filteredOn(n -> n.startsWith("report-sftp.")).hasSize(1);
            assertThat(hub.deliveredFiles(AGENCY)).filteredOn(d -> d.at("/document/documentId").asString()
                    .equals(report.documentId())).hasSize(1);
        }
    }

    /** Written slowly, with pauses longer than the settle time: taken only once the client closes it, and whole. */
    @Test
    void anUploadStillBeingWrittenIsNotTakenIn() throws Exception {
        try (SftpClient sftp = sftp(RISO)) {
            byte[] document = TestDocuments.feedbackReport(RISO, "23100").json().getBytes(StandardCharsets.UTF_8);
            int half = document.length / 2;
            try (SftpClient.CloseableHandle handle = sftp.open("/inbox/slow-sftp.json",
                    EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate))) {
                sftp.write(handle, 0, document, 0, half);
                Thread.sleep(1000); // five times the settle time of the hub under test
                assertThat(names(sftp, "/outbox/receipts")).noneMatch(n -> n.startsWith("slow-sftp."));
                assertThat(names(sftp, "/inbox")).doesNotContain("slow-sftp.json");
                sftp.write(handle, half, document, half, document.length - half);
            }

            assertThat(awaitReceipt(hub, sftp, "slow-sftp.json").path("status").asString()).isEqualTo("accepted");
        }
    }

    @Test
    void anUploadCutOffIsDropped() throws Exception {
        Path inbox = hub.dataDir().resolve("inbox").resolve(RISO);
        ClientSession session = login(RISO, HubTestConfiguration.password(RISO));
        SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
        SftpClient.CloseableHandle handle = sftp.open("/inbox/cut-sftp.json",
                EnumSet.of(SftpClient.OpenMode.Write, SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate));
        sftp.write(handle, 0, "{\"schemaVersion\": 1, \"type\": ".getBytes(StandardCharsets.UTF_8));

        session.close(true); // the connection goes, the handle was never closed

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            try (Stream<Path> files = Files.list(inbox)) {
                assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith(FolderAccess.UPLOAD_PREFIX));
            }
        });
        Thread.sleep(800); // four times the settle time: a half file in the inbox would have been taken by now
        assertThat(inbox.resolve("cut-sftp.json")).doesNotExist();
        try (Stream<Path> receipts = Files.list(hub.dataDir().resolve("outbox").resolve(RISO).resolve("receipts"))) {
            assertThat(receipts.map(f -> f.getFileName().toString())).noneMatch(n -> n.startsWith("cut-sftp."));
        }
        assertThat(hub.settled(RISO, "failed")).noneMatch(f -> f.getFileName().toString().startsWith("cut-sftp."));
    }

    @Test
    void aPartnerSeesNothingOfAnotherPartnersFolders() throws Exception {
        Path risoOutbox = hub.dataDir().resolve("outbox").resolve(RISO);
        Files.writeString(risoOutbox.resolve("for-riso-only.json"), "{\"secret\": true}");
        Path kanakInbox = hub.dataDir().resolve("inbox").resolve(KANAK);
        // links a partner's own machine might put into its drop folder: SFTP follows none of them
        Files.createSymbolicLink(kanakInbox.resolve("link-to-riso.txt"), risoOutbox.resolve("for-riso-only.json"));
        Files.createSymbolicLink(kanakInbox.resolve("link-to-riso-folder"), risoOutbox);

        try (SftpClient sftp = sftp(KANAK)) {
            for (String path : List.of("/outbox/../../riso/for-riso-only.json", "/../outbox/riso/for-riso-only.json",
                    "../../../outbox/riso/for-riso-only.json", "/outbox/../riso/for-riso-only.json",
                    "/inbox/../../../outbox/riso/for-riso-only.json", risoOutbox.resolve("for-riso-only.json").toString(),
                    "/inbox/link-to-riso.txt", "/inbox/link-to-riso-folder/for-riso-only.json",
                    "/riso/for-riso-only.json", "/outbox/for-riso-only.json")) {
                assertThatThrownBy(() -> read(sftp, path)).as(path).isInstanceOf(IOException.class);
            }
            for (String folder : List.of("/..", "/../..", "/outbox/..", "/outbox/../..", "/inbox/link-to-riso-folder",
                    risoOutbox.toString(), hub.dataDir().toString())) {
                List<String> seen;
                try {
                    seen = names(sftp, folder);
                } catch (IOException | java.io.UncheckedIOException refused) {
                    continue; // refused is fine; what is listed must be the partner's own
                }
                assertThat(seen).as(folder).doesNotContain("for-riso-only.json", "riso", "secrets", "inbox/riso")
                        .allMatch(n -> n.equals("inbox") || n.equals("outbox"));
            }
            assertThat(sftp.canonicalPath("/../..")).isEqualTo("/");
            assertThat(sftp.canonicalPath("/outbox")).isEqualTo("/outbox");
        }
    }

    @Test
    void nothingButFilesInTheInboxCanBeWrittenAndNoLinkMade() throws Exception {
        Path kanakInbox = hub.dataDir().resolve("inbox").resolve(KANAK);
        try (SftpClient sftp = sftp(KANAK)) {
            upload(sftp, "/inbox/own.txt", "mine");
            for (String path : List.of("/outbox/forged-Haddad.json", "/outbox/receipts/forged.receipt.json", "/forged.json",
                    "/inbox/../forged.json", "/inbox/../outbox/forged.json")) {
                assertThatThrownBy(() -> upload(sftp, path, "{}")).as(path).isInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> sftp.symLink("/inbox/made-link.json", "/outbox")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.symLink("/inbox/made-link2.json", "../../../secrets/initial-credentials.properties"))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.link("/inbox/own.txt", "/inbox/hard.txt", false)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.mkdir("/inbox/sub")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.rename("/inbox/own.txt", "/outbox/own.txt")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.remove("/outbox/receipts")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> sftp.setStat("/inbox/own.txt", new SftpClient.Attributes()
                    .perms(0777))).isInstanceOf(IOException.class);
        }
        assertThat(log.lines()).as("no name a partner chose is logged").noneMatch(line -> line.contains("Haddad")
                || line.contains("own.txt") || line.contains("made-link"));
        assertThat(kanakInbox.resolve("made-link.json")).doesNotExist();
        assertThat(kanakInbox.resolve("made-link2.json")).doesNotExist();
        assertThat(kanakInbox.resolve("hard.txt")).doesNotExist();
        assertThat(kanakInbox.resolve("sub")).doesNotExist();
        assertThat(hub.dataDir().resolve("outbox").resolve(KANAK).resolve("forged.json")).doesNotExist();
        assertThat(hub.dataDir().resolve("sftp").resolve(KANAK).resolve("forged.json")).doesNotExist();
    }

    @Test
    void receiversReadTheirOutboxOnlyAndOperatorsGetNothing() throws Exception {
        try (SftpClient sftp = sftp(LEARNING_NETWORK)) {
            assertThat(names(sftp, "/")).containsExactly("outbox");
            names(sftp, "/outbox");
            assertThatThrownBy(() -> upload(sftp, "/inbox/x.json", "{}")).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> upload(sftp, "/outbox/x.json", "{}")).isInstanceOf(IOException.class);
        }
        assertThat(hub.dataDir().resolve("inbox").resolve(LEARNING_NETWORK)).doesNotExist();
        assertThatThrownBy(() -> login(OPERATOR, HubTestConfiguration.password(OPERATOR)).close())
                .isInstanceOf(IOException.class);
    }

    /**
     * Wrong SFTP passwords count toward the hub's one lock-out: after five, the right password is refused over SFTP
     * and over HTTP from that address, with the same refusal as a wrong password or a user nobody knows.
     */
    @Test
    void wrongPasswordsCountTowardTheLockOut() throws Exception {
        String attacker = "127.0.0.41";
        assertThatThrownBy(() -> login("nobody-at-all", "whatever", attacker)).isInstanceOf(IOException.class);
        for (int attempt = 0; attempt < 5; attempt++) {
            int n = attempt;
            assertThatThrownBy(() -> login(PIN, "wrong-" + n, attacker)).isInstanceOf(IOException.class);
        }

        assertThatThrownBy(() -> login(PIN, HubTestConfiguration.password(PIN), attacker)).isInstanceOf(IOException.class);
        FromAddress.Raw http = FromAddress.http(attacker, hub.uri("").getPort(), FromAddress.get("/api/v1/schemas",
                Map.of("Authorization", FromAddress.basic(PIN, HubTestConfiguration.password(PIN)))));
        assertThat(http.status()).as("the same lock over HTTP").isEqualTo(401);
        login(PIN, HubTestConfiguration.password(PIN)).close(); // from its own address it still logs in
    }

    @Test
    void noShellNoCommandsNoScpNoForwarding() throws Exception {
        try (ClientSession session = login(KANAK, HubTestConfiguration.password(KANAK))) {
            for (String command : List.of("ls /", "scp -t /tmp/x", "cat /etc/passwd")) {
                try (org.apache.sshd.client.channel.ChannelExec exec = session.createExecChannel(command)) {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    exec.setOut(out);
                    exec.setErr(out);
                    try {
                        exec.open().verify(Duration.ofSeconds(5));
                    } catch (IOException refused) {
                        continue;
                    }
                    exec.waitFor(EnumSet.of(org.apache.sshd.client.channel.ClientChannelEvent.CLOSED), Duration.ofSeconds(2));
                    assertThat(exec.getExitStatus()).as(command).isNull();
                    assertThat(out.size()).as(command).isZero();
                }
            }
            try (org.apache.sshd.client.channel.ChannelShell shell = session.createShellChannel()) {
                try {
                    shell.open().verify(Duration.ofSeconds(5));
                    shell.waitFor(EnumSet.of(org.apache.sshd.client.channel.ClientChannelEvent.CLOSED), Duration.ofSeconds(2));
                    assertThat(shell.getExitStatus()).isNull();
                } catch (IOException refused) {
                    // refused outright: as good
                }
            }
            assertThatThrownBy(() -> session.createDirectTcpipChannel(
                    new org.apache.sshd.common.util.net.SshdSocketAddress("127.0.0.1", 0),
                    new org.apache.sshd.common.util.net.SshdSocketAddress("127.0.0.1", hub.uri("").getPort()))
                    .open().verify(Duration.ofSeconds(5))).isInstanceOf(Exception.class);
        }
    }

    @Test
    void aPartnerLogsInWithTheKeyRegisteredForItAndNoOther() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        java.security.KeyPair registered = generator.generateKeyPair();
        java.security.KeyPair other = generator.generateKeyPair();
        Path keys = Files.createDirectories(hub.dataDir().resolve(SftpServer.KEYS));
        Files.writeString(keys.resolve(DE_RAND), "# de-rand's uploader\n"
                + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(registered.getPublic()) + " uploader@de-rand\n");

        try (ClientSession session = keyLogin(DE_RAND, registered);
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            assertThat(names(sftp, "/")).containsExactlyInAnyOrder("inbox", "outbox");
        }
        assertThatThrownBy(() -> keyLogin(DE_RAND, other).close()).as("a key nobody registered").isInstanceOf(IOException.class);
        assertThatThrownBy(() -> keyLogin(KANAK, registered).close()).as("de-rand's key for another partner")
                .isInstanceOf(IOException.class);
    }

    ClientSession keyLogin(String user, java.security.KeyPair key) throws IOException {
        ClientSession session = client.connect(user, new InetSocketAddress("127.0.0.1", server.port()))
                .verify(Duration.ofSeconds(10)).getSession();
        session.addPublicKeyIdentity(key);
        return authenticated(session);
    }

    @Test
    void theHostKeyIsKeptAcrossARestart() throws Exception {
        login(KANAK, HubTestConfiguration.password(KANAK)).close();
        PublicKey before = hostKey.get();
        Path keyFile = hub.dataDir().resolve("secrets").resolve(SftpServer.HOST_KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");

        server.stop();
        server.start();

        hostKey.set(null);
        login(KANAK, HubTestConfiguration.password(KANAK)).close();
        assertThat(hostKey.get()).isNotNull().isEqualTo(before);
    }
}
