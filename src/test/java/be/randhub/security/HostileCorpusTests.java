package be.randhub.security;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.jms.BytesMessage;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HostileCorpus;
import be.randhub.support.HostileCorpus.Case;
import be.randhub.support.HubClient;
import be.randhub.support.HubClient.Way;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;

import tools.jackson.databind.JsonNode;

/**
 * The hostile corpus through all three channels: each case gets a clear refusal on the channel it came by, the
 * hub stays up, nothing reaches a receiver, and valid documents sent in between (whose free text is full of
 * injection attempts) all arrive, word for word.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileCorpusTests {

    /** Free text a valid document carries verbatim: nothing in it may be interpreted anywhere. */
    static final String INJECTIONS = "${exchange.context} {{hub.data-dir}} <script>alert(1)</script> '; DROP TABLE document;-- ${jndi:ldap://x/y}";

    @Autowired
    HubClient hub;

    List<Case> corpus;
    String kanakReferral;

    @BeforeAll
    void corpusAndAReferralToProbe() {
        corpus = HostileCorpus.cases();
        TestDocuments.Doc referral = TestDocuments.referral(KANAK, DE_RAND);
        assertThat(hub.post(KANAK, referral.json()).status()).isEqualTo(202);
        kanakReferral = referral.documentId();
    }

    @Test
    void corpusHasAtLeast150Cases() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(150);
    }

    @TestFactory
    Stream<DynamicTest> overHttp() {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> valid = new ArrayList<>();
        for (Case hostile : cases(Way.HTTP)) {
            tests.add(DynamicTest.dynamicTest("http " + hostile, () -> assertRefused(hostile, Way.HTTP, postOverHttp(hostile))));
            if (tests.size() % 15 == 0) {
                tests.add(DynamicTest.dynamicTest("http valid document after " + hostile,
                        () -> valid.add(hub.post(RISO, validDocument()).json().path("trackingId").asString())));
            }
        }
        tests.add(DynamicTest.dynamicTest("http: the valid documents in between arrived word for word", () -> assertArrived(valid)));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> overJms() throws Exception {
        Map<Case, String> sent = new HashMap<>();
        List<String> validMessages = new ArrayList<>();
        try (Session session = hub.connection(RISO).createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue("partner.riso.inbox"))) {
            for (Case hostile : cases(Way.JMS)) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(hostile.bytes(kanakReferral));
                producer.send(message);
                sent.put(hostile, message.getJMSMessageID());
                if (sent.size() % 15 == 0) {
                    validMessages.add(hub.sendDocument(RISO, validDocument()));
                }
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Case hostile : cases(Way.JMS)) {
            tests.add(DynamicTest.dynamicTest("jms " + hostile, () -> assertRefused(hostile, Way.JMS, hub.awaitJmsReceipt(RISO, sent.get(hostile)))));
        }
        tests.add(DynamicTest.dynamicTest("jms: the valid documents in between arrived word for word", () -> assertArrived(
                validMessages.stream().map(id -> hub.awaitJmsReceipt(RISO, id).path("trackingId").asString()).toList())));
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> overFileDrop() throws Exception {
        List<String> validFiles = new ArrayList<>();
        int dropped = 0;
        for (Case hostile : cases(Way.FILE)) {
            if (hostile.attachment() != null) {
                hub.drop(RISO, hostile.attachment(), HostileCorpus.read(hostile.attachment()));
            }
            hub.drop(RISO, hostile.dropAs(), hostile.bytes(kanakReferral));
            if (++dropped % 15 == 0) {
                String name = "valid-between-" + dropped + ".json";
                hub.drop(RISO, name, validDocument());
                validFiles.add(name);
            }
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (Case hostile : cases(Way.FILE)) {
            tests.add(DynamicTest.dynamicTest("file " + hostile, () -> {
                if (hostile.dropAs().startsWith(".")) {
                    assertLeftAlone(hostile.dropAs());
                } else {
                    assertRefused(hostile, Way.FILE, hub.awaitFileReceipt(RISO, safeName(hostile.dropAs())));
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("file: the valid documents in between arrived word for word", () -> assertArrived(
                validFiles.stream().map(name -> hub.awaitFileReceipt(RISO, name).path("trackingId").asString()).toList())));
        tests.add(DynamicTest.dynamicTest("nothing from the corpus reached a receiver, and the hub is up", this::nothingReachedAReceiver));
        return tests.stream();
    }

    // ------------------------------------------------------------------

    private List<Case> cases(Way way) {
        return corpus.stream().filter(hostile -> hostile.ways().contains(way)).toList();
    }

    private JsonNode postOverHttp(Case hostile) {
        HubClient.Answer answer = hostile.attachment() != null
                ? hub.postMultipart(RISO, new String(hostile.bytes(kanakReferral), java.nio.charset.StandardCharsets.UTF_8),
                        HostileCorpus.read(hostile.attachment()), hostile.attachment())
                : hub.send(RISO, HttpRequest.newBuilder(hub.uri("/api/v1/documents")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(hostile.bytes(kanakReferral))));
        assertThat(answer.status()).as(answer.body()).isIn(400, 403, 413);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).doesNotContain("Exception", "be.randhub", "tools.jackson");
        return answer.json();
    }

    private static void assertRefused(Case hostile, Way way, JsonNode refusal) {
        if (way != Way.HTTP) {
            assertThat(refusal.path("status").asString()).as(refusal.toString()).isEqualTo("rejected");
        }
        List<String> messages = refusal.path("errors").valueStream().map(error -> error.path("message").asString()).toList();
        assertThat(messages).as("errors of %s over %s", hostile, way).isNotEmpty().allMatch(message -> !message.isBlank());
        if (!hostile.expect().isEmpty()) {
            assertThat(messages).as("errors of %s over %s", hostile, way).anyMatch(message -> message.contains(hostile.expect()));
        }
    }

    private void assertLeftAlone(String name) throws IOException {
        Path file = hub.dataDir().resolve("inbox").resolve(RISO).resolve(name);
        Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(file).as("a hidden file stays where it is, unread").exists();
        Files.delete(file);
    }

    private String validDocument() {
        return TestDocuments.feedbackReport(RISO, "23098").set("/payload/outcomes/0", INJECTIONS).json();
    }

    private void assertArrived(List<String> trackingIds) {
        assertThat(trackingIds).isNotEmpty();
        for (String trackingId : trackingIds) {
            assertThat(hub.awaitOutbox(AGENCY, trackingId).at("/document/payload/outcomes/0").asString()).isEqualTo(INJECTIONS);
        }
    }

    private void nothingReachedAReceiver() throws IOException {
        for (String receiver : List.of(AGENCY, "learning-network", DE_RAND, KANAK)) {
            try (Stream<Path> files = Files.list(hub.dataDir().resolve("outbox").resolve(receiver))) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                    assertThat(hub.readJson(file).at("/document/documentId").asString()).as(file.toString()).doesNotStartWith("hostile-");
                }
            }
        }
        assertThat(hub.get(null, "/actuator/health/liveness").status()).isEqualTo(200);
    }

    /** The name the hub gives a dropped file in its receipt (see DropFolder.nameFile). */
    private static String safeName(String name) {
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        stem = stem.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^\\.+", "_");
        return (stem.length() > 100 ? stem.substring(0, 100) : stem) + ".json";
    }
}
