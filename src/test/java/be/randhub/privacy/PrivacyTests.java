package be.randhub.privacy;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.DROGENBOS;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.OPERATOR;
import static be.randhub.support.TestPartners.PRIVACY_OFFICER;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import be.randhub.operations.RouteControl;
import be.randhub.support.HubClient;
import be.randhub.support.HubTestConfiguration;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/**
 * A person's data: scrubbed from what the learning network gets, and gone from every store the hub reads back
 * after an erasure request or after the retention period.
 */
@HubTest
class PrivacyTests {

    @Autowired
    HubClient hub;

    @Autowired
    jakarta.jms.ConnectionFactory hubConnections;

    @Autowired
    Retention retention;

    @Autowired
    RouteControl routes;

    @Autowired
    JmsTemplate jms;

    @Autowired
    PersonNames names;

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void learningNetworkCopyIsScrubbedAndTheTrailSaysWhatKindsWithoutTheValues() {
        String family = uniqueName();
        hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family).json());
        Doc minutes = TestDocuments.minutes(RISO, "23102")
                .set("/payload/summary", "Mevrouw " + family + " (0470 12 34 56, " + family.toLowerCase() + "@example.org) kwam op 24/11/2026 met 3 kinderen.");

        String trackingId = hub.post(RISO, minutes.json()).json().path("trackingId").asString();

        JsonNode networkCopy = hub.awaitOutbox(LEARNING_NETWORK, trackingId);
        assertThat(networkCopy.at("/document/payload/summary").asString())
                .isEqualTo("Mevrouw [name] ([phone], [e-mail]) kwam op 24/11/2026 met 3 kinderen.");
        assertThat(hub.awaitOutbox(AGENCY, trackingId).at("/document/payload/summary").asString()).contains(family);
        JsonNode scrubbed = scrubbedStep(trackingId);
        assertThat(scrubbed.toString()).doesNotContain(family, "0470");
    }

    @Test
    void theSenderCannotTellACopyWithANameFromOneWithout() {
        String family = uniqueName();
        hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family).json());
        String withName = hub.post(RISO, TestDocuments.minutes(RISO, "23102").set("/payload/summary", "Is " + family + " een naam?").json())
                .json().path("trackingId").asString();
        String without = hub.post(RISO, TestDocuments.minutes(RISO, "23102").set("/payload/summary", "Is Testwoordabc een naam?").json())
                .json().path("trackingId").asString();

        assertThat(hub.awaitOutbox(LEARNING_NETWORK, withName).at("/document/payload/summary").asString()).isEqualTo("Is [name] een naam?");
        assertThat(hub.awaitOutbox(LEARNING_NETWORK, without).at("/document/payload/summary").asString()).isEqualTo("Is Testwoordabc een naam?");
        // the sender's own trail says the same of both copies: nothing that depends on what was found
        assertThat(scrubbedStep(withName).path("detail").asString()).isEqualTo(scrubbedStep(without).path("detail").asString())
                .doesNotContainPattern("\\d");
    }

    @Test
    void namesOfSomeoneReferredInAnotherMunicipalityAreScrubbed() {
        String family = uniqueName();
        String referralId = hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family).json())
                .json().path("trackingId").asString();
        hub.awaitOutbox(DE_RAND, referralId);

        String trackingId = hub.post(RISO, TestDocuments.minutes(RISO, DROGENBOS)
                .set("/payload/summary", "Gesprek met " + family + " over de vrijetijdspas.").json()).json().path("trackingId").asString();

        assertThat(hub.awaitOutbox(LEARNING_NETWORK, trackingId).at("/document/payload/summary").asString())
                .isEqualTo("Gesprek met [name] over de vrijetijdspas.");
    }

    @Test
    void namesOfSomeoneErasedEarlierAreStillScrubbed() {
        String family = uniqueName();
        Doc referral = TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family);
        String referralId = hub.post(KANAK, referral.json()).json().path("trackingId").asString();
        hub.awaitOutbox(DE_RAND, referralId);
        HubClient.Answer erased = erase(referral.documentId());
        assertThat(erased.status()).isEqualTo(200);
        // the erasure still counts the referral's name entries it unlinked (given and family name)
        assertThat(erased.json().path("removed").asString()).contains("2 name entries");

        String trackingId = hub.post(RISO, TestDocuments.minutes(RISO, DROGENBOS)
                .set("/payload/summary", "Nieuws van " + family + ": " + family.toUpperCase() + "s dochter start in januari.").json())
                .json().path("trackingId").asString();

        assertThat(hub.awaitOutbox(LEARNING_NETWORK, trackingId).at("/document/payload/summary").asString())
                .isEqualTo("Nieuws van [name]: [name] dochter start in januari.");
    }

    @Test
    void theCopysDocumentIdAndAttachmentNameAreScrubbedEverywhereTheLearningNetworkSeesThem() throws Exception {
        String family = uniqueName();
        hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family).json());
        byte[] pdf = TestDocuments.pdf("shareable minutes " + UUID.randomUUID());
        String fileName = "Verslag " + family + " 24-11-2026.pdf";
        Doc minutes = TestDocuments.minutes(RISO, DROGENBOS).attachment(pdf, fileName, true)
                .set("/documentId", "riso-" + family + "-" + TestDocuments.uniqueId("2026"));

        String trackingId = hub.postMultipart(RISO, minutes.json(), pdf, fileName).json().path("trackingId").asString();

        JsonNode networkCopy = hub.awaitOutbox(LEARNING_NETWORK, trackingId);
        assertThat(networkCopy.at("/document/documentId").asString()).startsWith("riso-[name]-2026-");
        assertThat(networkCopy.at("/document/payload/attachment/fileName").asString()).isEqualTo("Verslag [name] 24-11-2026.pdf");
        assertThat(networkCopy.at("/delivery/attachment/fileName").asString()).isEqualTo("Verslag [name] 24-11-2026.pdf");
        assertThat(networkCopy.toString()).doesNotContain(family);
        Message message = hub.receive(LEARNING_NETWORK, "learning-network.inbox", "hubTrackingId = '" + trackingId + "'", HubClient.PATIENCE)
                .orElseThrow();
        assertThat(hub.text(message)).doesNotContain(family);
        for (Object property : Collections.list(message.getPropertyNames())) {
            assertThat(String.valueOf(message.getObjectProperty(property.toString()))).as(property.toString()).doesNotContain(family);
        }
        JsonNode agencyCopy = hub.awaitOutbox(AGENCY, trackingId);
        assertThat(agencyCopy.at("/document/documentId").asString()).isEqualTo(minutes.documentId());
        assertThat(agencyCopy.at("/delivery/attachment/fileName").asString()).isEqualTo(fileName);
    }

    @Test
    void namesRunTogetherAndAPhoneNumberInsideTheDocumentIdLeaveNoTraceInTheCopy() {
        String family = uniqueName();
        String given = uniqueName();
        hub.awaitOutbox(DE_RAND, hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/givenName", given)
                .set("/payload/person/familyName", family).json()).json().path("trackingId").asString());
        String documentId = "riso-" + given + family + "-0470123456-" + TestDocuments.uniqueId("2026");
        Doc minutes = TestDocuments.minutes(RISO, DROGENBOS).set("/documentId", documentId)
                .set("/payload/summary", given + "\u2063" + family + " en " + (given + family).toLowerCase() + " kwamen.");

        String trackingId = hub.post(RISO, minutes.json()).json().path("trackingId").asString();

        JsonNode networkCopy = hub.awaitOutbox(LEARNING_NETWORK, trackingId);
        assertThat(networkCopy.at("/document/documentId").asString()).startsWith("riso-[name][name]-[phone]-2026-");
        assertThat(networkCopy.at("/document/payload/summary").asString()).isEqualTo("[name][name] en [name][name] kwamen.");
        assertThat(networkCopy.toString()).doesNotContainIgnoringCase(family).doesNotContainIgnoringCase(given).doesNotContain("0470123456");
    }

    @Test
    void anErasedNameStaysUnlinkedUntilRetentionRemovesIt() throws Exception {
        String erasedFamily = uniqueName();
        String youngFamily = uniqueName();
        Doc erasedReferral = TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", erasedFamily);
        hub.awaitOutbox(DE_RAND, hub.post(KANAK, erasedReferral.json()).json().path("trackingId").asString());
        hub.awaitOutbox(DE_RAND, hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", youngFamily)
                .json()).json().path("trackingId").asString());
        String erased = PersonNames.normalise(erasedFamily);
        String young = PersonNames.normalise(youngFamily);
        assertThat(erase(erasedReferral.documentId()).status()).isEqualTo(200);

        // unlinked: nothing ties the token to a referral any more, but the scrubber still knows it
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM person_name_token WHERE token_hmac = ?", Integer.class, names.hmac(erased))).isZero();
        assertThat(names.known(List.of(erased, young))).containsExactlyInAnyOrder(erased, young);

        // as if the erased person's name was last seen in a referral 200 days ago
        jdbc.update("UPDATE name_token SET seen_on = ? WHERE token_hmac = ?",
                java.sql.Date.valueOf(java.time.LocalDate.now().minusDays(200)), names.hmac(erased));
        Retention.Purged purged = retention.purgeOlderThan(Instant.now().minus(java.time.Duration.ofDays(180)));

        assertThat(purged.nameEntries()).isGreaterThanOrEqualTo(1);
        assertThat(names.known(List.of(erased, young))).containsExactly(young);
    }

    /** The one "scrubbed" step of a document's trail, as its sender reads it. */
    private JsonNode scrubbedStep(String trackingId) {
        List<JsonNode> steps = Awaitility.await().atMost(HubClient.PATIENCE).until(() -> hub.get(RISO, "/api/v1/documents/" + trackingId)
                .json().path("trail").valueStream().filter(step -> step.path("event").asString().equals("scrubbed")).toList(),
                found -> !found.isEmpty());
        assertThat(steps).hasSize(1);
        return steps.get(0);
    }

    @Test
    void erasureRemovesTheReferralsPersonFromEveryStoreAndIsRecorded() throws Exception {
        String family = uniqueName();
        Doc referral = TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family);
        String referralId = hub.post(KANAK, referral.json()).json().path("trackingId").asString();
        Doc update = TestDocuments.status(DE_RAND, KANAK, referral.documentId(), "accepted")
                .set("/payload/note", "Afspraak met " + family + " gemaakt.");
        String updateId = hub.post(DE_RAND, update.json()).json().path("trackingId").asString();
        // a second update that fails on every attempt: its dead letter keeps only the bytes De Rand sent
        String failing = TestDocuments.status(DE_RAND, KANAK, referral.documentId(), "completed")
                .set("/payload/note", "Gesprek met " + family + " " + HubTestConfiguration.FAIL_EVERY_ATTEMPT).json();
        JsonNode deadLettered = hub.awaitJmsReceipt(DE_RAND, hub.sendDocument(DE_RAND, failing));
        assertThat(deadLettered.path("status").asString()).isEqualTo("dead-lettered");
        hub.awaitOutbox(AGENCY, referralId);
        hub.awaitOutbox(KANAK, updateId);
        assertThat(holders(family)).isNotEmpty();

        HubClient.Answer erased = erase(referral.documentId());

        assertThat(erased.status()).isEqualTo(200);
        assertThat(holders(family)).isEmpty();
        // the referral's copies for the agency and De Rand, the update's for the agency and Kanak, the dead letter
        assertThat(erased.json().path("removed").asString()).contains("5 queue messages");
        assertThat(hub.get(PRIVACY_OFFICER, "/api/v1/privacy/erasures").json().path("erasures").valueStream()
                .anyMatch(erasure -> erasure.path("documentId").asString().equals(referral.documentId())
                        && erasure.path("requestedBy").asString().equals(PRIVACY_OFFICER))).isTrue();
        assertThat(Awaitility.await().atMost(HubClient.PATIENCE).until(() -> hub.get(OPERATOR, "/api/v1/documents/" + referralId)
                .json().path("trail").valueStream().anyMatch(step -> step.path("event").asString().equals("erased")), ok -> ok)).isTrue();
        assertThat(hub.get(KANAK, "/api/v1/referrals/kanak/" + referral.documentId()).json().path("status").asString()).isEqualTo("accepted");
    }

    @Test
    void aCopyStillOnItsWayWhenItsReferralIsErasedIsDroppedNotDelivered() throws Exception {
        Doc referral = TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", uniqueName());
        List<Copy> onTheirWay;
        String trackingId;
        routes.suspend("delivery", "copies wait on hub.delivery for this test", OPERATOR);
        // the receivers' folders cannot be written: the publish sends both copies to hub.delivery, to be made again
        List<Path> blocked = List.of(hub.dataDir().resolve("outbox").resolve(AGENCY), hub.dataDir().resolve("outbox").resolve(DE_RAND));
        for (Path folder : blocked) {
            Files.move(folder, folder.resolveSibling(folder.getFileName() + ".aside"));
            Files.writeString(folder, "not a folder");
        }
        try {
            trackingId = hub.post(KANAK, referral.json()).json().path("trackingId").asString();
            // the copies a delivery consumer could hold while the queues are swept, taken as they wait
            onTheirWay = Awaitility.await().atMost(HubClient.PATIENCE).until(() -> waitingDeliveries(trackingId), copies -> copies.size() == 2);
            assertThat(erase(referral.documentId()).status()).isEqualTo(200);
            for (Copy copy : onTheirWay) {
                jms.send("hub.delivery", copy::toMessage);
            }
        } finally {
            for (Path folder : blocked) {
                Path aside = folder.resolveSibling(folder.getFileName() + ".aside");
                if (Files.exists(aside)) {
                    Files.deleteIfExists(folder);
                    Files.move(aside, folder);
                }
            }
            routes.resume("delivery", OPERATOR);
        }

        List<JsonNode> dropped = Awaitility.await().atMost(HubClient.PATIENCE).until(() -> hub.get(OPERATOR, "/api/v1/documents/" + trackingId)
                .json().path("trail").valueStream().filter(step -> step.path("event").asString().equals("discarded")).toList(), steps -> steps.size() == 2);
        assertThat(dropped).allMatch(step -> step.path("detail").asString().contains("erased while this copy was on its way"));
        assertThat(hub.inOutbox(AGENCY, trackingId)).isFalse();
        assertThat(hub.inOutbox(DE_RAND, trackingId)).isFalse();
    }

    /** A copy as it waits on hub.delivery to be made again: the document as received, and the hub's own properties. */
    record Copy(String body, Map<String, Object> properties) {
        Message toMessage(Session session) throws JMSException {
            jakarta.jms.BytesMessage message = session.createBytesMessage();
            message.writeBytes(body.getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, Object> property : properties.entrySet()) {
                message.setObjectProperty(property.getKey(), property.getValue());
            }
            return message;
        }
    }

    private List<Copy> waitingDeliveries(String trackingId) {
        return jms.browseSelected("hub.delivery", "hubTrackingId = '" + trackingId + "'", (session, browser) -> {
            List<Copy> copies = new java.util.ArrayList<>();
            for (Object waiting : Collections.list(browser.getEnumeration())) {
                Message message = (Message) waiting;
                Map<String, Object> properties = new java.util.HashMap<>();
                for (Object name : Collections.list(message.getPropertyNames())) {
                    if (!name.toString().startsWith("JMS") && !name.toString().startsWith("_AMQ")) {
                        properties.put(name.toString(), message.getObjectProperty(name.toString()));
                    }
                }
                byte[] body = new byte[(int) ((jakarta.jms.BytesMessage) message).getBodyLength()];
                ((jakarta.jms.BytesMessage) message).readBytes(body);
                copies.add(new Copy(new String(body, StandardCharsets.UTF_8), properties));
            }
            return copies;
        });
    }

    private HubClient.Answer erase(String documentId) {
        return hub.send(PRIVACY_OFFICER, HttpRequest.newBuilder(hub.uri("/api/v1/privacy/erasures"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"partner\":\"kanak\",\"documentId\":\"" + documentId + "\"}")));
    }

    @Test
    void onlyThePrivacyOfficerErases() {
        HubClient.Answer answer = hub.send(OPERATOR, HttpRequest.newBuilder(hub.uri("/api/v1/privacy/erasures"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"partner\":\"kanak\",\"documentId\":\"x\"}")));

        assertThat(answer.status()).isEqualTo(403);
    }

    @Test
    void afterTheRetentionPeriodNoStoreHoldsThePerson() throws Exception {
        String family = uniqueName();
        String trackingId = hub.post(KANAK, TestDocuments.referral(KANAK, DE_RAND).set("/payload/person/familyName", family).json())
                .json().path("trackingId").asString();
        hub.awaitOutbox(DE_RAND, trackingId);
        assertThat(holders(family)).isNotEmpty();

        Retention.Purged purged = retention.purgeOlderThan(Instant.now().plusSeconds(1));

        assertThat(purged.files()).isPositive();
        assertThat(purged.messages()).isGreaterThanOrEqualTo(2);
        assertThat(holders(family)).isEmpty();
    }

    /** Every file under the data directory the hub reads back, and every message on the queues, that names the person. */
    private List<String> holders(String name) throws Exception {
        List<String> holders = new java.util.ArrayList<>();
        for (String store : List.of("outbox", "inbox", "processed", "rejected", "attachments", "tmp")) {
            Path root = hub.dataDir().resolve(store);
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).filter(file -> mentions(file, name)).forEach(file -> holders.add(file.toString()));
                }
            }
        }
        for (String[] queue : List.of(new String[] {AGENCY, "agency.inbox"}, new String[] {DE_RAND, "partner.de-rand.outbox"},
                new String[] {KANAK, "partner.kanak.outbox"}, new String[] {LEARNING_NETWORK, "learning-network.inbox"},
                new String[] {null, "hub.dead-letter"}, new String[] {null, "hub.delivery"})) {
            // the hub's own stages looked at as the hub itself: operators may not read documents on the broker
            try (jakarta.jms.Connection hubConnection = hubConnections.createConnection();
                 Session session = (queue[0] == null ? hubConnection : hub.connection(queue[0])).createSession(false, Session.AUTO_ACKNOWLEDGE);
                 QueueBrowser browser = session.createBrowser(session.createQueue(queue[1]))) {
                for (Object message : Collections.list(browser.getEnumeration())) {
                    if (message instanceof TextMessage text && text.getText().contains(name)) {
                        holders.add(queue[1] + " " + ((Message) message).getJMSMessageID());
                    }
                }
            }
        }
        return holders;
    }

    private static boolean mentions(Path file, String name) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).contains(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String uniqueName() {
        // letters only (a digit would end the name word), six of them, different each time
        StringBuilder letters = new StringBuilder();
        for (long n = UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE; letters.length() < 6; n /= 26) {
            letters.append((char) ('a' + n % 26));
        }
        return "Testnaam" + letters;
    }
}
