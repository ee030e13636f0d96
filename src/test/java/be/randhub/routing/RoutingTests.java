package be.randhub.routing;

import static be.randhub.support.TestPartners.AGENCY;
import static be.randhub.support.TestPartners.DE_HORIZON;
import static be.randhub.support.TestPartners.DE_RAND;
import static be.randhub.support.TestPartners.DROGENBOS;
import static be.randhub.support.TestPartners.KANAK;
import static be.randhub.support.TestPartners.LEARNING_NETWORK;
import static be.randhub.support.TestPartners.RISO;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

import be.randhub.support.HubClient;
import be.randhub.support.HubClient.Way;
import be.randhub.support.HubTest;
import be.randhub.support.TestDocuments;
import be.randhub.support.TestDocuments.Doc;

import tools.jackson.databind.JsonNode;

/**
 * Each type, sent each way, reaches exactly the receivers entitled to it, in their folder and on their queue,
 * with the right content; nobody else gets a copy.
 */
@HubTest
class RoutingTests {

    @Autowired
    HubClient hub;

    @ParameterizedTest
    @EnumSource(Way.class)
    void referralGoesInFullToTheAgencyAndTheTargetPartnerOnly(Way way) {
        Doc referral = TestDocuments.referral(KANAK, DE_RAND);

        String trackingId = accepted(hub.submit(way, KANAK, referral.json()), AGENCY, DE_RAND);

        for (String receiver : List.of(AGENCY, DE_RAND)) {
            JsonNode delivered = hub.receiveDelivery(receiver, queueOf(receiver), trackingId);
            assertThat(delivered.at("/delivery/trackingId").asString()).isEqualTo(trackingId);
            assertThat(delivered.at("/delivery/receiver").asString()).isEqualTo(receiver);
            assertThat(delivered.at("/document/documentId").asString()).isEqualTo(referral.documentId());
            assertThat(delivered.at("/document/payload/person/familyName").asString()).isEqualTo(TestDocuments.FAMILY_NAME);
            assertThat(hub.awaitOutbox(receiver, trackingId)).isEqualTo(delivered);
        }
        assertOnlyDeliveredTo(trackingId, AGENCY, DE_RAND);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void feedbackReportGoesToTheAgencyAndTheLearningNetwork(Way way) {
        Doc report = TestDocuments.feedbackReport(RISO, DROGENBOS);

        String trackingId = accepted(hub.submit(way, RISO, report.json()), AGENCY, LEARNING_NETWORK);

        JsonNode agencyCopy = hub.receiveDelivery(AGENCY, "agency.inbox", trackingId);
        JsonNode networkCopy = hub.receiveDelivery(LEARNING_NETWORK, "learning-network.inbox", trackingId);
        assertThat(agencyCopy.at("/document/payload/participants/newcomers").asInt()).isEqualTo(9);
        assertThat(networkCopy.at("/document/payload/participants/total").asInt()).isEqualTo(23);
        assertThat(networkCopy.at("/document/payload/signals/0").asString()).isEqualTo("Need for childcare during the evenings");
        assertOnlyDeliveredTo(trackingId, AGENCY, LEARNING_NETWORK);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void minutesReachTheLearningNetworkWithOrganisationsOnly(Way way) {
        Doc minutes = TestDocuments.minutes(RISO, DROGENBOS);

        String trackingId = accepted(hub.submit(way, RISO, minutes.json()), AGENCY, LEARNING_NETWORK);

        JsonNode agencyCopy = hub.receiveDelivery(AGENCY, "agency.inbox", trackingId);
        assertThat(agencyCopy.at("/document/payload/attendees/0/name").asString()).isEqualTo(TestDocuments.ATTENDEE_NAME);
        JsonNode networkCopy = hub.receiveDelivery(LEARNING_NETWORK, "learning-network.inbox", trackingId);
        assertThat(networkCopy.at("/document/payload/attendees").toString())
                .isEqualTo("[{\"organisation\":\"RISO\"},{\"organisation\":\"Gemeente Drogenbos\"}]");
        assertThat(networkCopy.toString()).doesNotContain(TestDocuments.ATTENDEE_NAME, "Jan Peeters", "Sofie Claes");
        assertThat(hub.awaitOutbox(LEARNING_NETWORK, trackingId).toString()).doesNotContain(TestDocuments.ATTENDEE_NAME);
        assertOnlyDeliveredTo(trackingId, AGENCY, LEARNING_NETWORK);
    }

    @ParameterizedTest
    @EnumSource(Way.class)
    void statusUpdateGoesToTheAgencyAndBackToTheReferrer(Way way) {
        Doc referral = TestDocuments.referral(KANAK, DE_RAND);
        accepted(hub.post(KANAK, referral.json()).json(), AGENCY, DE_RAND);
        Doc update = TestDocuments.status(DE_RAND, KANAK, referral.documentId(), "accepted");

        String trackingId = accepted(hub.submit(way, DE_RAND, update.json()), AGENCY, KANAK);

        JsonNode toReferrer = hub.receiveDelivery(KANAK, "partner.kanak.outbox", trackingId);
        assertThat(toReferrer.at("/document/payload/status").asString()).isEqualTo("accepted");
        assertThat(toReferrer.at("/document/payload/referral/documentId").asString()).isEqualTo(referral.documentId());
        hub.receiveDelivery(AGENCY, "agency.inbox", trackingId);
        assertOnlyDeliveredTo(trackingId, AGENCY, KANAK);
    }

    private static String accepted(JsonNode receipt, String... receivers) {
        assertThat(receipt.path("status").asString()).as(receipt.toString()).isEqualTo("accepted");
        assertThat(receipt.path("receivers").valueStream().map(JsonNode::asString).toList()).containsExactly(receivers);
        return receipt.path("trackingId").asString();
    }

    private static String queueOf(String receiver) {
        return switch (receiver) {
            case AGENCY -> "agency.inbox";
            case LEARNING_NETWORK -> "learning-network.inbox";
            default -> "partner." + receiver + ".outbox";
        };
    }

    /** The document's copies are in these receivers' folders only, and not on other receivers' queues. */
    private void assertOnlyDeliveredTo(String trackingId, String... receivers) {
        for (String receiver : receivers) {
            hub.awaitOutbox(receiver, trackingId);
        }
        try (Stream<Path> folders = Files.list(hub.dataDir().resolve("outbox"))) {
            List<String> holders = folders.filter(folder -> Files.exists(folder.resolve(trackingId + ".json")))
                    .map(folder -> folder.getFileName().toString()).sorted().toList();
            assertThat(holders).containsExactlyInAnyOrder(receivers);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (String other : List.of(AGENCY, LEARNING_NETWORK, KANAK, DE_RAND, RISO, DE_HORIZON)) {
            if (!List.of(receivers).contains(other)) {
                assertThat(hub.receiveAll(other, queueOf(other), trackingId, Duration.ofMillis(200)))
                        .as("copies on %s", queueOf(other)).isEmpty();
            }
        }
    }
}
